// Image admin: a click on the preview sets the focal point (the two number fields, as fractions 0–1);
// a marker shows the current point. The fields stay editable by keyboard. No inline script or style: CSP.
document.addEventListener("DOMContentLoaded", () => {
  const picker = document.querySelector(".nr-focal-picker");
  const fieldX = document.getElementById("id_focal_x");
  const fieldY = document.getElementById("id_focal_y");
  if (!picker || !fieldX || !fieldY) return;
  const preview = picker.querySelector("img");
  const marker = picker.querySelector(".nr-focal-marker");

  const showMarker = () => {
    const x = parseFloat(fieldX.value);
    const y = parseFloat(fieldY.value);
    marker.hidden = Number.isNaN(x) || Number.isNaN(y);
    // Setting style properties from a script is allowed under a CSP without 'unsafe-inline'.
    marker.style.left = `${x * 100}%`;
    marker.style.top = `${y * 100}%`;
  };

  preview.addEventListener("click", (event) => {
    const box = preview.getBoundingClientRect();
    const clamp = (value) => Math.min(1, Math.max(0, value)).toFixed(3);
    fieldX.value = clamp((event.clientX - box.left) / box.width);
    fieldY.value = clamp((event.clientY - box.top) / box.height);
    showMarker();
  });
  fieldX.addEventListener("input", showMarker);
  fieldY.addEventListener("input", showMarker);
  showMarker();
});
