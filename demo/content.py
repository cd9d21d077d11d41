"""Demo content for `manage.py seed_demo` (demo/seeding.py): sections, article types and articles, as plain data.

Every place, person, company, figure and address in here is invented; the links point at reserved example
domains. The texts are original demo copy, written to show what a real article carries: kicker (Dachzeile),
headline, lead, a body in the markup the editor allows, author shorthand, links, keywords and an image with
alternative text, caption and credit.

Articles refer to sections and types by slug. `days_ago` places the publication date relative to the day of
seeding, so a fresh demo always looks current. `image.colors` (gradient start and end) and `image.motif`
tell the seed command what to draw; the alternative texts describe those drawings, not imagined photos.
"""

import re

SECTIONS = [
    {
        "name": "Politik",
        "slug": "politik",
        "description": (
            "Gesetze, Strategien und Entscheidungen von Bund, Ländern und Kommunen rund um die Digitalisierung der "
            "Verwaltung."
        ),
        "position": 10,
    },
    {
        "name": "Praxis",
        "slug": "praxis",
        "description": (
            "Projekte aus Rathäusern, Landratsämtern und Fachbehörden: wie digitale Verwaltung im Alltag "
            "funktioniert – und wo es noch hakt."
        ),
        "position": 20,
    },
    {
        "name": "Panorama",
        "slug": "panorama",
        "description": "Menschen, Veranstaltungen, Meinungen und Fundstücke aus der Welt der öffentlichen IT.",
        "position": 30,
    },
    {
        "name": "Wirtschaft",
        "slug": "wirtschaft",
        "description": "IT-Dienstleister, Vergaben, Investitionen und Märkte im öffentlichen Sektor.",
        "position": 40,
    },
]

ARTICLE_TYPES = [
    {"name": "Meldung", "slug": "meldung", "shows_badge": False, "position": 10},
    {"name": "Bericht", "slug": "bericht", "shows_badge": True, "position": 20},
    {"name": "Interview", "slug": "interview", "shows_badge": True, "position": 30},
    {"name": "Kommentar", "slug": "kommentar", "shows_badge": True, "position": 40},
]

# Motifs the seed command knows how to draw.
MOTIFS = ["chart", "chip", "cloud", "document", "lock", "network", "people", "pins", "school", "skyline", "speech"]

ARTICLES = [
    {
        "kicker": "Registermodernisierung",
        "headline": "Erste Register tauschen Nachweise im Echtbetrieb aus",
        "lead": (
            "Behörden sollen Daten untereinander abrufen, statt Bürgerinnen und Bürger immer wieder nach denselben "
            "Nachweisen zu fragen. Ein Pilotverbund aus Kommunen und Landesbehörden hat jetzt den Echtbetrieb "
            "aufgenommen."
        ),
        "body": (
            "<p>Wer umzieht, heiratet oder ein Kind bekommt, reicht bislang oft dieselben Urkunden bei mehreren "
            "Stellen ein. Mit der Registermodernisierung soll sich das ändern: Die Behörde, die einen Nachweis "
            "braucht, fragt ihn direkt bei der Stelle ab, die ihn ohnehin führt – sofern die betroffene Person "
            "zustimmt oder ein Gesetz den Abruf erlaubt.</p>"
            "<p>Im Pilotverbund laufen die ersten Abrufe nun über das neue Transportnetz. Beteiligt sind drei "
            "Städte, ein Landkreis und zwei Landesbehörden. Ein sogenanntes Datenschutzcockpit zeigt jeder Person, "
            "welche Stelle wann welche Angaben abgerufen hat.</p>"
            "<h2>Vertrauen als Voraussetzung</h2>"
            "<p>„Die Technik ist lösbar, entscheidend ist das Vertrauen der Menschen“, sagt Projektleiterin Jana "
            "Keller. „Deshalb muss jeder einzelne Abruf nachvollziehbar sein.“ Datenschützer begrüßen das Cockpit, "
            "mahnen aber verständliche Erklärungen an, wenn ein Abruf fehlschlägt.</p>"
            "<p>Bis Ende des kommenden Jahres sollen weitere Register angebunden werden, darunter das Gewerbe- und "
            "das Fahrzeugregister. Ihre Erfahrungen wollen die Pilotbehörden in einem offenen Leitfaden für andere "
            "Verwaltungen aufschreiben.</p>"
        ),
        "author_shorthand": "mk",
        "section": "politik",
        "article_type": "bericht",
        "keywords": ["Registermodernisierung", "Einmalerfassung", "Datenschutz", "Öffentliche Verwaltung"],
        "links": [
            {"url": "https://www.example.org/registermodernisierung", "label": "Projektseite Registermodernisierung"},
            {"url": "https://digitales.example.de/datenschutzcockpit", "label": ""},
        ],
        "image": {
            "alt_text": (
                "Illustration: leuchtende Knotenpunkte, die durch Linien zu einem Netz verbunden sind, vor "
                "dunkelblauem Hintergrund"
            ),
            "caption": "Register sollen Nachweise künftig direkt untereinander austauschen.",
            "credit": "Projektbüro Registermodernisierung / Grafik: L. Beispiel",
            "colors": ["#0b3d5c", "#3a8fb7"],
            "motif": "network",
        },
        "days_ago": 2,
    },
    {
        "kicker": "Musterhausen",
        "headline": "Bauanträge nur noch digital",
        "lead": (
            "Die Stadt Musterhausen nimmt Bauanträge seit diesem Monat ausschließlich online entgegen. Planungsbüros "
            "laden Zeichnungen und Nachweise direkt im Bürgerportal hoch."
        ),
        "body": (
            "<p>Meterhohe Stapel mit Bauzeichnungen gehören im Bauordnungsamt von Musterhausen der Vergangenheit an. "
            "Anträge werden vollständig in einer elektronischen Akte bearbeitet. Beteiligte Stellen wie "
            "Denkmalschutz, Feuerwehr oder Tiefbauamt geben ihre Stellungnahmen gleichzeitig ab, statt die "
            "Unterlagen nacheinander per Hauspost zu bekommen.</p>"
            "<p>In der Testphase hat sich die durchschnittliche Bearbeitungszeit nach Angaben der Stadt um rund drei "
            "Wochen verkürzt. „Wir sehen jetzt auf einen Blick, wo ein Antrag gerade hängt“, sagt Baudezernent "
            "Tobias Wenger.</p>"
            "<p>Wer keinen eigenen Zugang hat, kann seine Unterlagen im Servicebüro des Rathauses einscannen lassen. "
            "Für Planungsbüros bietet die Stadt zweimal im Monat eine offene Online-Sprechstunde an.</p>"
        ),
        "author_shorthand": "sr",
        "section": "praxis",
        "article_type": "meldung",
        "keywords": ["Digitaler Bauantrag", "Musterhausen", "Bürgerportal"],
        "links": [{"url": "https://www.musterhausen.example/bauen-online", "label": "Bauantrag online stellen"}],
        "image": {
            "alt_text": (
                "Illustration: stilisierte Häuserzeile mit hellen Fenstern vor einem orangefarbenen Abendhimmel"
            ),
            "caption": "In Musterhausen laufen Bauanträge jetzt vollständig digital.",
            "credit": "Pressestelle Stadt Musterhausen",
            "colors": ["#f2994a", "#5b3a6b"],
            "motif": "skyline",
        },
        "days_ago": 5,
    },
    {
        "kicker": "Cloud",
        "headline": "Kommunaler IT-Dienstleister eröffnet eigenes Rechenzentrum",
        "lead": (
            "Rund 38 Mio. € hat der Zweckverband KommunalIT Süd in ein neues Rechenzentrum investiert. Es soll "
            "Kommunen eine Cloud bieten, deren Daten das Land nicht verlassen."
        ),
        "body": (
            "<p>Nach zweieinhalb Jahren Bauzeit ist das Rechenzentrum des Zweckverbands KommunalIT Süd in Betrieb "
            "gegangen. Auf zwei getrennten Brandabschnitten stehen Server für Fachverfahren, E-Mail und Bürosoftware "
            "von mehr als 120 Mitgliedskommunen.</p>"
            "<p>Die Investition von rund 38 Mio. € trägt der Verband zum größten Teil selbst; etwa 9 Mio. € stammen "
            "aus einem Förderprogramm des Landes. Die Abwärme der Server heizt künftig ein benachbartes "
            "Hallenbad.</p>"
            "<blockquote>"
            "<p>„Unsere Mitglieder wollen wissen, wo ihre Daten liegen und wer darauf zugreifen kann. Mit dem "
            "eigenen Rechenzentrum können wir das beantworten.“</p></blockquote>"
            "<p>So begründet Verbandsgeschäftsführerin Miriam Hollstein den Neubau. Bis Jahresende sollen die ersten "
            "Kommunen ihre Anwendungen aus alten Serverräumen in den Rathäusern umziehen.</p>"
        ),
        "author_shorthand": "tf",
        "section": "wirtschaft",
        "article_type": "meldung",
        "keywords": ["Cloud", "Rechenzentrum", "Digitale Souveränität", "IT-Dienstleister"],
        "links": [
            {
                "url": "https://www.kommunalit-sued.example/rechenzentrum",
                "label": "KommunalIT Süd: Das neue Rechenzentrum",
            },
            {"url": "https://www.example.org/cloud-strategie-kommunen", "label": ""},
        ],
        "image": {
            "alt_text": "Illustration: weiße Wolke über gestapelten Serverblöcken vor türkisfarbenem Hintergrund",
            "caption": "Das neue Rechenzentrum soll Kommunen eine souveräne Cloud bieten.",
            "credit": "KommunalIT Süd / Foto: R. Muster",
            "colors": ["#11998e", "#38ef7d"],
            "motif": "cloud",
        },
        "days_ago": 9,
    },
    {
        "kicker": "Beispielstadt",
        "headline": "Studierende bauen Parkplatz-App aus offenen Daten",
        "lead": (
            "Beim ersten Programmierwettbewerb mit offenen Daten der Stadt Beispielstadt haben 60 Teilnehmende an einem "
            "Wochenende 14 "
            "Prototypen entwickelt. Gewonnen hat eine App, die freie Parkplätze in der Innenstadt vorhersagt."
        ),
        "body": (
            "<p>Pizza, Laptops und sehr viel Kaffee: Im Foyer der Stadtbibliothek von Beispielstadt haben "
            "Studierende, Schülerinnen und Beschäftigte der Verwaltung 48 Stunden lang programmiert. Grundlage waren "
            "Datensätze, die die Stadt auf ihrem Open-Data-Portal bereitstellt – von Parkhausbelegungen über "
            "Baumstandorte bis zu den Fahrplänen der Stadtwerke.</p>"
            "<p>Das Siegerteam kombinierte die Belegungsdaten der Parkhäuser mit Veranstaltungsterminen und "
            "Wetterdaten. Die App sagt voraus, wie voll es in der Innenstadt zu einer bestimmten Uhrzeit sein "
            "wird.</p>"
            "<p>„Wir haben gelernt, welche Daten fehlen und wo unsere Formate unpraktisch sind“, sagt die Leiterin "
            "der Stabsstelle Digitalisierung, Petra Lindqvist. Die Stadt will drei der Prototypen gemeinsam mit den "
            "Teams weiterentwickeln.</p>"
        ),
        "author_shorthand": "ne",
        "section": "panorama",
        "article_type": "meldung",
        "keywords": ["Offene Daten", "Programmierwettbewerb", "Beispielstadt", "Vernetzte Stadt"],
        "links": [
            {"url": "https://opendata.beispielstadt.example/", "label": "Portal für offene Daten der Beispielstadt"},
            {"url": "https://www.example.org/hackathon-ergebnisse", "label": "Alle Prototypen im Überblick"},
        ],
        "image": {
            "alt_text": "Illustration: bunte Kartennadeln auf einem hellen Stadtplanraster",
            "caption": "Beim Programmierwettbewerb entstanden 14 Prototypen auf Basis offener Daten.",
            "credit": "Stadt Beispielstadt / Foto: K. Exempel",
            "colors": ["#fceabb", "#f8b500"],
            "motif": "pins",
        },
        "days_ago": 13,
    },
    {
        "kicker": "Onlinezugangsgesetz",
        "headline": "Weniger Portale, mehr Prozesse",
        "lead": (
            "Die Verwaltung hat in den vergangenen Jahren viele Online-Formulare gebaut. Jetzt muss sie sich um das "
            "kümmern, was dahinter passiert, meint unser Autor."
        ),
        "body": (
            "<p>Zählt man die Online-Formulare, die Bund, Länder und Kommunen in den vergangenen Jahren "
            "freigeschaltet haben, ist die Bilanz beachtlich. Fragt man dagegen, wie viele Anträge tatsächlich ohne "
            "Medienbruch bearbeitet werden, wird es still. Allzu oft landet der digital gestellte Antrag als PDF im "
            "Postfach – und wird dort ausgedruckt.</p>"
            "<p>Das ist kein Versagen Einzelner, sondern eine Folge falscher Anreize. Gemessen wurde, was sichtbar "
            "ist: das Formular im Netz. Unsichtbar blieb die Arbeit dahinter, also Schnittstellen zu Fachverfahren, "
            "elektronische Akten und geänderte Abläufe in den Ämtern.</p>"
            "<h2>Ehrlich messen</h2>"
            "<p>Wer es ernst meint mit der digitalen Verwaltung, sollte künftig andere Fragen stellen: Wie lange "
            "dauert es vom Antrag bis zum Bescheid? Wie oft muss jemand nachfragen? Und wie viele Schritte erledigt "
            "noch ein Mensch, obwohl die Maschine sie könnte?</p>"
            "<p>Ein weiteres Portal beantwortet keine dieser Fragen. Ein einziger gut durchdachter Prozess, den "
            "viele Kommunen nachnutzen können, dagegen schon.</p>"
        ),
        "author_shorthand": "db",
        "section": "politik",
        "article_type": "kommentar",
        "keywords": ["Onlinezugangsgesetz", "Ende-zu-Ende-Digitalisierung", "Öffentliche Verwaltung"],
        "links": [{"url": "https://www.example.org/ozg-dashboard", "label": "Umsetzungsstand im Überblick"}],
        "image": {
            "alt_text": "Illustration: mehrere übereinanderliegende Dokumentblätter mit angedeuteten Textzeilen",
            "caption": "Viele Formulare sind online – die Abläufe dahinter oft noch nicht.",
            "credit": "Redaktion / Grafik: A. Muster",
            "colors": ["#283c86", "#45a247"],
            "motif": "document",
        },
        "days_ago": 18,
    },
    {
        "kicker": "Landkreis Musterland",
        "headline": "Künstliche Intelligenz sortiert den Posteingang der Zulassungsstelle",
        "lead": (
            "Im Landratsamt Musterland ordnet ein Sprachmodell eingehende E-Mails und Briefe den zuständigen "
            "Sachgebieten zu. Entscheidungen trifft die Software nicht – das bleibt ausdrücklich den Beschäftigten "
            "vorbehalten."
        ),
        "body": (
            "<p>Rund 1.500 Schreiben erreichen die Kfz-Zulassungsstelle des Landkreises Musterland in einer "
            "gewöhnlichen Woche: Anfragen zu Kennzeichen, eingescannte Vollmachten, Beschwerden, Rechnungen. Bislang "
            "hat eine Mitarbeiterin jeden Morgen alles von Hand verteilt. Seit einem halben Jahr übernimmt das ein "
            "Sprachmodell, das auf Servern des kommunalen Rechenzentrums läuft.</p>"
            "<p>Die Software liest den Text, erkennt das Anliegen und schlägt ein Sachgebiet vor. Liegt die "
            "Sicherheit unter einem festgelegten Wert, landet das Schreiben in einem Korb zur manuellen Prüfung. "
            "Nach Angaben des Kreises trifft das auf etwa jedes achte Dokument zu.</p>"
            "<h2>Was die Beschäftigten sagen</h2>"
            "<p>„Anfangs war die Skepsis groß“, räumt Amtsleiter Jürgen Falkner ein. Inzwischen habe sich die "
            "Stimmung gedreht, weil die gewonnene Zeit in die Beratung am Schalter fließe. Der Personalrat war von "
            "Beginn an beteiligt und hat eine Dienstvereinbarung mitverhandelt.</p>"
            "<ul><li>Die Daten verlassen das kommunale Rechenzentrum nicht.</li><li>Jeder Vorschlag der Software ist "
            "für die Beschäftigten einsehbar und korrigierbar.</li><li>Korrekturen fließen regelmäßig in das "
            "Training ein.</li></ul>"
            "<p>Im nächsten Schritt will der Landkreis prüfen, ob sich das Verfahren auf die Ausländerbehörde "
            "übertragen lässt.</p>"
        ),
        "author_shorthand": "al",
        "section": "praxis",
        "article_type": "bericht",
        "keywords": ["Künstliche Intelligenz", "Landkreis Musterland", "Kfz-Zulassung", "Posteingang"],
        "links": [
            {
                "url": "https://www.landkreis-musterland.example/ki-posteingang",
                "label": "Projektbeschreibung des Landkreises",
            },
            {"url": "https://www.example.org/leitfaden-ki-in-behoerden", "label": "Leitfaden KI in Behörden"},
        ],
        "image": {
            "alt_text": "Illustration: stilisierter Computerchip mit Leiterbahnen auf violettem Farbverlauf",
            "caption": "Ein Sprachmodell verteilt im Landratsamt die eingehende Post.",
            "credit": "Landkreis Musterland / Grafik: S. Probe",
            "colors": ["#41295a", "#2f0743"],
            "motif": "chip",
        },
        "days_ago": 24,
    },
    {
        "kicker": "Lindenbrück",
        "headline": "Alle Schulen erhalten eine gemeinsame Lernplattform",
        "lead": (
            "Die Stadt Lindenbrück stattet ihre 23 Schulen mit einer einheitlichen Lernplattform aus. Lehrkräfte "
            "sollen sich damit weniger um Technik und mehr um Unterricht kümmern können."
        ),
        "body": (
            "<p>Bisher hatte fast jede Schule in Lindenbrück ihre eigene Lösung: Mal nutzte das Gymnasium eine "
            "selbst betriebene Plattform, mal verschickte die Grundschule Arbeitsblätter per E-Mail. Zum neuen "
            "Schuljahr führt der Schulträger eine gemeinsame Plattform ein, die ein kommunaler Dienstleister "
            "betreibt.</p>"
            "<p>Schülerinnen und Schüler melden sich mit einem einzigen Zugang an und finden dort Aufgaben, "
            "Videokonferenzen und einen Messenger. Die Konten werden automatisch aus der Schulverwaltungssoftware "
            "angelegt und beim Schulwechsel übertragen.</p>"
            "<p>„Die IT-Betreuung war bislang oft Sache einer engagierten Lehrkraft am Nachmittag“, sagt "
            "Schuldezernentin Ayşe Demir. Künftig kümmern sich vier zusätzliche Stellen im Schulamt um Support und "
            "Fortbildungen.</p>"
        ),
        "author_shorthand": "ck",
        "section": "praxis",
        "article_type": "meldung",
        "keywords": ["Schul-IT", "Lindenbrück", "Digitale Bildung"],
        "links": [{"url": "https://www.lindenbrueck.example/schulen/lernplattform", "label": ""}],
        "image": {
            "alt_text": (
                "Illustration: Schulgebäude mit Giebel und Fahne, daneben ein aufgeklappter Laptop, vor hellgrünem "
                "Hintergrund"
            ),
            "caption": "23 Schulen in Lindenbrück nutzen künftig dieselbe Plattform.",
            "credit": "Stadt Lindenbrück / Foto: J. Platzhalter",
            "colors": ["#a8e063", "#56ab2f"],
            "motif": "school",
        },
        "days_ago": 31,
    },
    {
        "kicker": "IT-Sicherheit",
        "headline": "Kommunen sollen Notfallpläne für Cyberangriffe vorlegen",
        "lead": (
            "Nach mehreren Angriffen auf Stadtverwaltungen will das Innenministerium Städte und Gemeinden zu "
            "verbindlichen Notfallplänen verpflichten. Der Gesetzentwurf sieht auch regelmäßige Übungen vor."
        ),
        "body": (
            "<p>Wenn Erpressungssoftware die Server eines Rathauses verschlüsselt, stehen oft wochenlang Meldeamt, "
            "Standesamt und Kfz-Zulassung still. Ein Entwurf des Innenministeriums soll erreichen, dass Kommunen auf "
            "solche Fälle besser vorbereitet sind.</p>"
            "<p>Vorgesehen ist, dass jede Verwaltung einen Notfallplan erstellt, der festlegt, welche Dienste zuerst "
            "wiederhergestellt werden und wie die Verwaltung in der Zwischenzeit erreichbar bleibt. Mindestens "
            "einmal im Jahr soll der Ernstfall geübt werden.</p>"
            "<p>Die kommunalen Spitzenverbände begrüßen das Ziel, verlangen aber finanzielle Unterstützung. Gerade "
            "kleine Gemeinden hätten weder das Personal noch das Geld für eigene Sicherheitsteams, heißt es in einer "
            "ersten Stellungnahme.</p>"
        ),
        "author_shorthand": "jh",
        "section": "politik",
        "article_type": "meldung",
        "keywords": ["IT-Sicherheit", "Cyberangriff", "Kommunen", "Informationssicherheit"],
        "links": [
            {"url": "https://www.example.org/gesetzentwurf-kommunale-it-sicherheit", "label": "Gesetzentwurf (PDF)"},
            {"url": "https://sicherheit.example.de/notfallplanung", "label": "Handreichung Notfallplanung"},
        ],
        "image": {
            "alt_text": "Illustration: geschlossenes Vorhängeschloss auf einem Schild vor dunkelrotem Hintergrund",
            "caption": "Verwaltungen sollen sich besser gegen Cyberangriffe wappnen.",
            "credit": "Landesamt für IT-Sicherheit / Grafik: M. Beispiel",
            "colors": ["#8e0e00", "#1f1c18"],
            "motif": "lock",
        },
        "days_ago": 38,
    },
    {
        "kicker": "Vergabe",
        "headline": "Kleine Gemeinden kaufen Fachsoftware gemeinsam ein",
        "lead": (
            "Statt jede Software einzeln auszuschreiben, haben sich 41 Gemeinden zu einer Einkaufsgemeinschaft "
            "zusammengeschlossen. Ein erster Rahmenvertrag für Personenstandssoftware ist unterzeichnet."
        ),
        "body": (
            "<p>Eine europaweite Ausschreibung ist für eine Gemeinde mit 4.000 Einwohnerinnen und Einwohnern ein "
            "Kraftakt. Oft fehlt schlicht jemand, der Leistungsbeschreibungen schreibt und Angebote vergleicht. Die "
            "neue Einkaufsgemeinschaft soll genau diese Arbeit bündeln.</p>"
            "<p>Die Geschäftsstelle sitzt beim Gemeindetag und wird aus Umlagen der Mitglieder finanziert. Der erste "
            "Rahmenvertrag läuft vier Jahre und umfasst Software für Standesämter samt Wartung und Schulungen. Die "
            "Gemeinden rechnen mit Einsparungen von rund einem Fünftel gegenüber Einzelverträgen.</p>"
            "<h2>Anbieter sehen Chancen und Risiken</h2>"
            "<p>Auf Seiten der Softwarehersteller fallen die Reaktionen gemischt aus. Große Anbieter schätzen die "
            "planbaren Stückzahlen, kleinere fürchten, bei gebündelten Vergaben nicht mehr mithalten zu können. Die "
            "Einkaufsgemeinschaft will deshalb künftig auch Lose bilden, auf die sich spezialisierte Firmen bewerben "
            "können.</p>"
            "<p>Als Nächstes stehen Ausschreibungen für die elektronische Akte und für Ratsinformationssysteme "
            "an.</p>"
        ),
        "author_shorthand": "tf",
        "section": "wirtschaft",
        "article_type": "bericht",
        "keywords": ["Vergabe", "Interkommunale Zusammenarbeit", "Fachverfahren"],
        "links": [
            {
                "url": "https://www.gemeindetag.example/einkaufsgemeinschaft",
                "label": "Einkaufsgemeinschaft beim Gemeindetag",
            },
        ],
        "image": {
            "alt_text": "Illustration: ansteigende Balken eines Diagramms auf dunkelblauem Hintergrund",
            "caption": "Gemeinsame Ausschreibungen sollen Geld und Arbeit sparen.",
            "credit": "Gemeindetag / Grafik: P. Dummy",
            "colors": ["#1e3c72", "#2a5298"],
            "motif": "chart",
        },
        "days_ago": 45,
    },
    {
        "kicker": "Exempelstadt",
        "headline": "„Verwaltung muss sich trauen, Dinge wegzulassen“",
        "lead": (
            "Seit zwei Jahren ist Clara Wendt Chief Digital Officer der Stadt Exempelstadt. Im Gespräch erklärt sie, "
            "warum Digitalisierung vor allem mit Aufräumen beginnt."
        ),
        "body": (
            "<p><strong>Frau Wendt, was hat Sie in Ihrem ersten Jahr am meisten überrascht?</strong></p>"
            "<p>Wie viele Formulare es gibt, die niemand mehr braucht. Wir haben alle Vordrucke der Stadt gesammelt "
            "und kamen auf über 600. Ein Drittel davon wurde im letzten Jahr kein einziges Mal ausgefüllt.</p>"
            "<p><strong>Und die haben Sie einfach abgeschafft?</strong></p>"
            "<p>Nicht einfach, aber ja. Jedes Amt musste begründen, warum ein Formular bleiben soll. Was wir nicht "
            "mehr brauchen, müssen wir auch nicht digitalisieren. Das klingt banal, ist aber der größte Hebel, den "
            "wir haben.</p>"
            "<p><strong>Was raten Sie Kommunen, die gerade erst anfangen?</strong></p>"
            "<p>Mit einem Prozess beginnen, der vielen Menschen wehtut – etwa die Anmeldung eines Wohnsitzes oder "
            "der Antrag auf einen Kitaplatz. Wenn das spürbar besser wird, bekommt man Rückenwind für alles "
            "Weitere.</p>"
        ),
        "author_shorthand": "ne",
        "section": "panorama",
        "article_type": "interview",
        "keywords": ["Chief Digital Officer", "Exempelstadt", "Verwaltungsmodernisierung"],
        "links": [
            {
                "url": "https://www.exempelstadt.example/digitalstrategie",
                "label": "Digitalstrategie der Stadt Exempelstadt",
            },
        ],
        "image": {
            "alt_text": "Illustration: zwei Sprechblasen in Weiß und Gelb vor korallenrotem Hintergrund",
            "caption": "Clara Wendt verantwortet die Digitalisierung in Exempelstadt.",
            "credit": "Stadt Exempelstadt / Foto: T. Vorlage",
            "colors": ["#ee9ca7", "#e65c00"],
            "motif": "speech",
        },
        "days_ago": 53,
    },
    {
        "kicker": "Rabenfeld",
        "headline": "Doppelt so viele Wohngeldanträge seit dem Online-Start",
        "lead": (
            "Seit Wohngeld in Rabenfeld online beantragt werden kann, gehen deutlich mehr Anträge ein. Die Stadt "
            "führt das auch auf weniger Hemmschwellen zurück."
        ),
        "body": (
            "<p>Im ersten Halbjahr nach dem Start des Online-Antrags hat die Wohngeldstelle der Stadt Rabenfeld "
            "doppelt so viele Anträge erhalten wie im Vorjahreszeitraum. Rund drei Viertel davon kamen über das "
            "Bürgerportal.</p>"
            "<p>Die Verwaltung vermutet, dass vor allem Berufstätige und jüngere Menschen vom neuen Weg profitieren, "
            "weil sie nicht mehr zu den Öffnungszeiten ins Amt kommen müssen. Auch die Scheu, im Wartebereich über "
            "die eigenen Finanzen zu sprechen, falle weg.</p>"
            "<p>Um die Bearbeitungszeiten nicht ausufern zu lassen, hat der Stadtrat zwei zusätzliche Stellen "
            "bewilligt. Anträge werden zudem automatisch auf Vollständigkeit geprüft, bevor sie bei den "
            "Sachbearbeitenden ankommen.</p>"
        ),
        "author_shorthand": "sr",
        "section": "praxis",
        "article_type": "meldung",
        "keywords": ["Wohngeld", "Rabenfeld", "Online-Antrag", "Bürgerportal"],
        "links": [{"url": "https://www.rabenfeld.example/wohngeld", "label": "Wohngeld online beantragen"}],
        "image": {
            "alt_text": "Illustration: Dokumentblätter mit einem grünen Häkchen vor hellblauem Hintergrund",
            "caption": "Der Online-Antrag senkt die Hemmschwelle, Wohngeld zu beantragen.",
            "credit": "Stadt Rabenfeld",
            "colors": ["#89f7fe", "#66a6ff"],
            "motif": "document",
        },
        "days_ago": 61,
    },
    {
        "kicker": "Offene Daten",
        "headline": "Landesbehörden müssen ihre Daten offenlegen",
        "lead": (
            "Der Landtag hat ein Gesetz über offene Daten beschlossen. Behörden des Landes müssen unbearbeitete Daten "
            "künftig kostenlos und maschinenlesbar veröffentlichen."
        ),
        "body": (
            "<p>Ob Luftmesswerte, Haushaltszahlen oder Standorte von Ladesäulen: Daten, die Landesbehörden im Rahmen "
            "ihrer Arbeit erheben, sollen künftig grundsätzlich offen sein. Ausnahmen gelten für personenbezogene "
            "Daten, Betriebsgeheimnisse und sicherheitsrelevante Informationen.</p>"
            "<p>Veröffentlicht wird auf einem zentralen Portal unter einer freien Lizenz. Jede Behörde benennt eine "
            "Ansprechperson für offene Daten, die auch Anfragen aus Wirtschaft und Zivilgesellschaft "
            "entgegennimmt.</p>"
            "<p>Kommunen sind von der Pflicht ausgenommen, können das Landesportal aber kostenlos mitnutzen. "
            "Initiativen aus der Zivilgesellschaft hatten eine Einbeziehung gefordert und kündigten an, das Thema "
            "weiterzuverfolgen.</p>"
        ),
        "author_shorthand": "jh",
        "section": "politik",
        "article_type": "meldung",
        "keywords": ["Offene Daten", "Transparenz", "Landtag"],
        "links": [
            {"url": "https://daten.example.de/", "label": "Portal für offene Daten des Landes"},
            {"url": "https://www.example.org/open-data-gesetz", "label": ""},
        ],
        "image": {
            "alt_text": "Illustration: Balkendiagramm mit unterschiedlich hohen Säulen vor sonnengelbem Hintergrund",
            "caption": "Behördendaten sollen künftig frei nutzbar sein.",
            "credit": "Staatskanzlei / Grafik: E. Muster",
            "colors": ["#f7971e", "#ffd200"],
            "motif": "chart",
        },
        "days_ago": 70,
    },
    {
        "kicker": "Weidenhain",
        "headline": "Digitale Ratsarbeit spart 200.000 Blatt Papier im Jahr",
        "lead": (
            "Die Mitglieder des Gemeinderats von Weidenhain lesen Sitzungsunterlagen nur noch auf Tablets. Die "
            "Gemeinde zieht nach einem Jahr eine positive Bilanz."
        ),
        "body": (
            "<p>Früher fuhr vor jeder Gemeinderatssitzung in Weidenhain ein Bote mit dicken Umschlägen durch die "
            "Ortsteile. Heute stehen Vorlagen, Protokolle und Haushaltspläne im Ratsinformationssystem bereit, "
            "sobald die Verwaltung sie freigibt.</p>"
            "<p>Nach Berechnung der Gemeinde wurden so im ersten Jahr rund 200.000 Blatt Papier eingespart. Die "
            "Tablets hat die Gemeinde für die Dauer der Wahlperiode angeschafft; eine Schulung für alle "
            "Ratsmitglieder gehörte zum Paket.</p>"
            "<p>„Die Älteren unter uns waren am Anfang skeptisch, inzwischen markiert jeder fleißig digital“, sagt "
            "Bürgermeister Hartmut Bley mit einem Lachen. Öffentliche Unterlagen können auch Bürgerinnen und Bürger "
            "online einsehen.</p>"
        ),
        "author_shorthand": "ck",
        "section": "praxis",
        "article_type": "meldung",
        "keywords": ["Ratsinformationssystem", "Weidenhain", "Nachhaltigkeit"],
        "links": [{"url": "https://weidenhain.example/ratsinfo", "label": "Ratsinformationssystem Weidenhain"}],
        "image": {
            "alt_text": "Illustration: Papierstapel mit Textzeilen auf grünem Farbverlauf",
            "caption": "Sitzungsunterlagen gibt es in Weidenhain nur noch digital.",
            "credit": "Gemeinde Weidenhain / Foto: H. Beispiel",
            "colors": ["#134e5e", "#71b280"],
            "motif": "document",
        },
        "days_ago": 80,
    },
    {
        "kicker": "GovTech",
        "headline": "Förderprogramm sucht junge Firmen für die Verwaltung",
        "lead": (
            "Mit Preisgeldern von je 50.000 € will ein neues Programm Start-ups für Aufgaben der öffentlichen "
            "Verwaltung gewinnen. Behörden reichen dafür konkrete Problemstellungen ein."
        ),
        "body": (
            "<p>Start-ups und Verwaltung finden bisher selten zusammen. Vergabeverfahren sind aufwendig, "
            "Entscheidungswege lang, und viele junge Unternehmen wissen schlicht nicht, welche Probleme Behörden "
            "eigentlich haben. Das Programm „Verwaltung trifft Gründergeist“ soll das ändern.</p>"
            "<p>Zunächst beschreiben Behörden Herausforderungen aus ihrem Alltag, etwa die Terminvergabe im "
            "Bürgeramt oder die Auswertung von Lärmmessungen. Anschließend können sich Unternehmen mit Lösungsideen "
            "bewerben. Die besten Teams erhalten je 50.000 € und dürfen ihre Lösung sechs Monate lang in einer "
            "Behörde erproben.</p>"
            "<p>Bewerbungsschluss für die erste Runde ist in acht Wochen. Eine Jury aus Verwaltung, Wissenschaft und "
            "Wirtschaft wählt bis zu zehn Teams aus.</p>"
        ),
        "author_shorthand": "tf",
        "section": "wirtschaft",
        "article_type": "meldung",
        "keywords": ["GovTech", "Start-ups", "Innovation", "Förderprogramm"],
        "links": [
            {"url": "https://govtech.example.org/programm", "label": "Zum Förderprogramm"},
            {"url": "https://govtech.example.org/faq", "label": "Häufige Fragen"},
        ],
        "image": {
            "alt_text": "Illustration: steigende Diagrammbalken mit Pfeil nach oben vor magentafarbenem Hintergrund",
            "caption": "Start-ups sollen Lösungen für Behörden entwickeln.",
            "credit": "GovTech-Programm / Grafik: N. Platzhalter",
            "colors": ["#cc2b5e", "#753a88"],
            "motif": "chart",
        },
        "days_ago": 91,
    },
    {
        "kicker": "Barrierefreiheit",
        "headline": "Bürgerportal erklärt Leistungen in Leichter Sprache",
        "lead": (
            "Das Serviceportal des Kreises Hohenmoor bietet Beschreibungen seiner 80 häufigsten Leistungen jetzt "
            "auch in Leichter Sprache an. Geprüft wurden die Texte von Menschen mit Lernschwierigkeiten."
        ),
        "body": (
            "<p>„Beantragen Sie die Erteilung einer Erlaubnis gemäß …“ – solche Sätze sind für viele Menschen kaum "
            "verständlich. Der Kreis Hohenmoor hat deshalb die Beschreibungen seiner wichtigsten "
            "Verwaltungsleistungen in Leichte Sprache übertragen lassen.</p>"
            "<p>Die Texte nutzen kurze Sätze, erklären Fachwörter und sind mit Bildern ergänzt. Eine Prüfgruppe aus "
            "einer Werkstatt für Menschen mit Behinderung hat jeden Text gelesen und Verbesserungen "
            "vorgeschlagen.</p>"
            "<p>Auch Vorleseprogramme und Bildschirmlupen funktionieren nach einer Überarbeitung der Seiten besser. "
            "Der Kreis will bis zum Jahresende alle Online-Formulare auf Barrierefreiheit testen lassen.</p>"
        ),
        "author_shorthand": "al",
        "section": "panorama",
        "article_type": "meldung",
        "keywords": ["Barrierefreiheit", "Leichte Sprache", "Kreis Hohenmoor", "Bürgerportal"],
        "links": [
            {"url": "https://service.hohenmoor.example/leichte-sprache", "label": "Leistungen in Leichter Sprache"},
        ],
        "image": {
            "alt_text": "Illustration: zwei Sprechblasen mit kurzen Textzeilen vor hellviolettem Hintergrund",
            "caption": "Verständliche Texte helfen allen Nutzerinnen und Nutzern.",
            "credit": "Kreis Hohenmoor / Illustration: B. Vorlage",
            "colors": ["#c471f5", "#fa71cd"],
            "motif": "speech",
        },
        "days_ago": 103,
    },
    {
        "kicker": "Kreis Hohenmoor",
        "headline": "Vom Faxgerät zur E-Akte: Ein Gesundheitsamt stellt um",
        "lead": (
            "Während der Pandemie wurde das Faxgerät im Gesundheitsamt Hohenmoor zum Symbol für den Rückstand der "
            "Verwaltung. Drei Jahre später arbeitet das Amt fast vollständig digital. Ein Besuch."
        ),
        "body": (
            "<p>Das Faxgerät steht noch da, im Flur neben der Kaffeeküche. Eingeschaltet ist es nicht mehr. „Wir "
            "haben es bewusst stehen lassen, als Erinnerung“, sagt Amtsleiterin Dr. Renate Osterloh und lächelt. "
            "Meldungen von Laboren und Arztpraxen kommen heute über eine gesicherte Schnittstelle, Bescheide "
            "verschickt das Amt elektronisch.</p>"
            "<h2>Der schwierigste Teil waren die Abläufe</h2>"
            "<p>Die Technik sei dabei nicht das größte Problem gewesen, erzählt Osterloh. Aufwendig war es, jeden "
            "Arbeitsschritt zu hinterfragen. Warum unterschreibt hier jemand? Wer braucht eine Kopie? Viele "
            "Zwischenschritte stammten aus einer Zeit, in der Papier von Schreibtisch zu Schreibtisch wandern "
            "musste.</p>"
            "<p>Für die Umstellung hat der Kreis ein kleines Team gebildet, in dem Beschäftigte aus dem Amt und der "
            "IT-Abteilung gemeinsam arbeiteten. Jeden Freitag wurde vorgeführt, was in der Woche entstanden war – "
            "auch Dinge, die nicht funktionierten.</p>"
            "<blockquote>"
            "<p>„Wer die Menschen mitnimmt, die die Arbeit jeden Tag machen, spart sich am Ende die meisten "
            "Umwege.“</p></blockquote>"
            "<p>Inzwischen besuchen Delegationen aus anderen Kreisen das Amt. Die Vorlagen für Abläufe und "
            "Schulungen stellt Hohenmoor anderen Behörden kostenlos zur Verfügung.</p>"
        ),
        "author_shorthand": "mk",
        "section": "praxis",
        "article_type": "bericht",
        "keywords": ["E-Akte", "Gesundheitsamt", "Kreis Hohenmoor", "Prozessoptimierung"],
        "links": [
            {"url": "https://www.hohenmoor.example/gesundheitsamt-digital", "label": "Das digitale Gesundheitsamt"},
            {"url": "https://www.example.org/e-akte-vorlagen", "label": "Vorlagen zur Nachnutzung"},
        ],
        "image": {
            "alt_text": (
                "Illustration: gestapelte Aktenblätter, die in einen Ordner übergehen, vor mintgrünem Hintergrund"
            ),
            "caption": "Das Gesundheitsamt Hohenmoor arbeitet inzwischen fast ohne Papier.",
            "credit": "Kreisverwaltung Hohenmoor / Foto: U. Beispiel",
            "colors": ["#43cea2", "#185a9d"],
            "motif": "document",
        },
        "days_ago": 115,
    },
    {
        "kicker": "Digitalbudget",
        "headline": "Land stockt Förderung für digitale Kommunen auf",
        "lead": (
            "Das Förderprogramm „Digitale Kommune“ erhält in den kommenden zwei Jahren zusätzliche 25 Mio. €. "
            "Gefördert werden vor allem Projekte, die andere Kommunen nachnutzen können."
        ),
        "body": (
            "<p>Die Landesregierung erhöht die Mittel für das Förderprogramm „Digitale Kommune“ um 25 Mio. € auf "
            "insgesamt 70 Mio. €. Städte, Gemeinden und Kreise können Zuschüsse für Vorhaben beantragen, die "
            "Verwaltungsleistungen vollständig digital machen.</p>"
            "<p>Neu ist ein Bonus für Nachnutzung: Wer eine Lösung entwickelt, die andere Kommunen ohne großen "
            "Aufwand übernehmen können, erhält bis zu 20 Prozent zusätzliche Förderung. Der Quellcode muss dafür "
            "unter einer offenen Lizenz veröffentlicht werden.</p>"
            "<p>Anträge können ab dem kommenden Quartal über das Förderportal des Landes gestellt werden. Kleine "
            "Gemeinden dürfen sich zu Verbünden zusammenschließen und gemeinsam beantragen.</p>"
        ),
        "author_shorthand": "jh",
        "section": "politik",
        "article_type": "meldung",
        "keywords": ["Förderprogramm", "Kommunen", "Freie Software", "Nachnutzung"],
        "links": [
            {"url": "https://foerderung.example.de/digitale-kommune", "label": "Förderprogramm „Digitale Kommune“"},
        ],
        "image": {
            "alt_text": (
                "Illustration: Säulendiagramm mit einer besonders hohen letzten Säule vor tiefblauem Hintergrund"
            ),
            "caption": "Mehr Geld für Digitalprojekte, die andere nachnutzen können.",
            "credit": "Ministerium für Digitales / Grafik: F. Muster",
            "colors": ["#0f2027", "#2c5364"],
            "motif": "chart",
        },
        "days_ago": 128,
    },
    {
        "kicker": "Sonnenberg",
        "headline": "Chatbot beantwortet Fragen zur Müllabfuhr",
        "lead": (
            "Wann kommt die Biotonne? Wohin mit dem alten Sofa? Solche Fragen beantwortet in Sonnenberg jetzt ein "
            "Chatbot – rund um die Uhr und in sechs Sprachen."
        ),
        "body": (
            "<p>Der Abfallwirtschaftsbetrieb der Stadt Sonnenberg bekommt jedes Jahr zehntausende Anrufe, viele "
            "davon zu immer gleichen Themen. Ein Chatbot auf der Website und im Messenger der Stadt soll das "
            "Servicetelefon entlasten.</p>"
            "<p>Der Assistent kennt die Abfuhrtermine aller Straßen, erklärt, was in welche Tonne gehört, und nimmt "
            "Anmeldungen für die Sperrmüllabholung entgegen. Antworten gibt es auf Deutsch, Englisch, Türkisch, "
            "Arabisch, Ukrainisch und Polnisch.</p>"
            "<p>Kann der Chatbot eine Frage nicht beantworten, leitet er sie an das Serviceteam weiter. "
            "Personenbezogene Daten werden nach Abschluss eines Gesprächs gelöscht, betont die Stadt.</p>"
        ),
        "author_shorthand": "ck",
        "section": "praxis",
        "article_type": "meldung",
        "keywords": ["Chatbot", "Sonnenberg", "Künstliche Intelligenz", "Bürgerservice"],
        "links": [{"url": "https://www.sonnenberg.example/abfall-assistent", "label": ""}],
        "image": {
            "alt_text": "Illustration: Sprechblasen in verschiedenen Größen vor sattgrünem Hintergrund",
            "caption": "Der Abfall-Assistent antwortet in sechs Sprachen.",
            "credit": "Abfallwirtschaftsbetrieb Sonnenberg",
            "colors": ["#0ba360", "#3cba92"],
            "motif": "speech",
        },
        "days_ago": 142,
    },
    {
        "kicker": "Fachkräfte",
        "headline": "Wie eine Stadt ihre IT-Fachleute selbst ausbildet",
        "lead": (
            "IT-Fachkräfte sind für Kommunen schwer zu finden. Die Stadt Musterstadt setzt deshalb auf eigenen "
            "Nachwuchs – mit einem dualen Studium und ungewöhnlichen Werbeideen."
        ),
        "body": (
            "<p>Auf dem Stand der Stadt Musterstadt bei der Berufsmesse steht kein Roll-up mit Stadtwappen, sondern "
            "eine Spielkonsole. Wer ein kleines Programmierrätsel löst, bekommt einen Kaffeebecher – und ein "
            "Gespräch mit den Auszubildenden der städtischen IT. „So kommen wir mit jungen Leuten ins Gespräch, die "
            "nie an die Verwaltung gedacht hätten“, sagt Ausbildungsleiter Kemal Aydın.</p>"
            "<p>Seit vier Jahren bietet die Stadt gemeinsam mit einer Hochschule einen dualen Studiengang "
            "Verwaltungsinformatik an. Die Studierenden wechseln zwischen Vorlesungen und Praxisphasen in den "
            "Ämtern. Anfangs gab es sechs Plätze, inzwischen sind es 15.</p>"
            "<h2>Sinn statt Spitzengehalt</h2>"
            "<p>Mit den Gehältern großer Technologiekonzerne kann die Stadt nicht mithalten. Dafür werben die "
            "Verantwortlichen mit sicheren Arbeitsplätzen, flexiblen Arbeitszeiten und Aufgaben, die im Alltag der "
            "Menschen sichtbar werden. „Wenn die Kita-Anmeldung plötzlich funktioniert, merkt das die halbe Stadt“, "
            "sagt eine Studentin im dritten Semester.</p>"
            "<p>Die Bilanz kann sich sehen lassen: Von den ersten beiden Jahrgängen sind fast alle Absolventinnen "
            "und Absolventen bei der Stadt geblieben.</p>"
        ),
        "author_shorthand": "sr",
        "section": "panorama",
        "article_type": "bericht",
        "keywords": ["Fachkräfte", "Ausbildung", "Musterstadt", "Verwaltungsinformatik"],
        "links": [
            {
                "url": "https://karriere.musterstadt.example/verwaltungsinformatik",
                "label": "Duales Studium Verwaltungsinformatik",
            },
        ],
        "image": {
            "alt_text": "Illustration: mehrere stilisierte Personen nebeneinander vor warmem Orangeton",
            "caption": "Musterstadt bildet ihre IT-Fachkräfte selbst aus.",
            "credit": "Stadt Musterstadt / Foto: D. Probe",
            "colors": ["#ff9966", "#ff5e62"],
            "motif": "people",
        },
        "days_ago": 156,
    },
    {
        "kicker": "Freie Software",
        "headline": "„Freie Software ist kein Sparmodell“",
        "lead": (
            "Immer mehr Behörden setzen auf quelloffene Software. Thomas Rieger, Vorstand eines kommunalen "
            "IT-Dienstleisters, über Kosten, Abhängigkeiten und die Rolle der Hersteller."
        ),
        "body": (
            "<p><strong>Herr Rieger, viele Kommunen hoffen, mit Open Source Lizenzkosten zu sparen. Geht die "
            "Rechnung auf?</strong></p>"
            "<p>Wer nur auf die Lizenzkosten schaut, wird enttäuscht. Betrieb, Anpassung und Support kosten auch bei "
            "freier Software Geld. Der eigentliche Gewinn liegt woanders: Wir können selbst entscheiden, wer die "
            "Software weiterentwickelt und wie lange wir sie nutzen.</p>"
            "<p><strong>Wie gehen die Hersteller damit um?</strong></p>"
            "<p>Unterschiedlich. Einige sehen darin eine Chance und bieten Service rund um offene Lösungen an. "
            "Andere tun sich schwer, weil ihr Geschäftsmodell auf Lizenzen beruht. Ich glaube, dass sich der Markt "
            "verschieben wird – hin zu Dienstleistungen.</p>"
            "<p><strong>Was muss sich bei Ausschreibungen ändern?</strong></p>"
            "<p>Verwaltungen sollten häufiger ausdrücklich offene Standards und offenen Quellcode verlangen. Und sie "
            "sollten sich zusammenschließen. Wenn zwanzig Kommunen gemeinsam eine Weiterentwicklung bezahlen, "
            "profitieren am Ende alle – auch die, die später dazukommen.</p>"
        ),
        "author_shorthand": "db",
        "section": "wirtschaft",
        "article_type": "interview",
        "keywords": ["Freie Software", "IT-Dienstleister", "Digitale Souveränität"],
        "links": [
            {
                "url": "https://www.example.org/open-source-in-der-verwaltung",
                "label": "Hintergrund: Freie Software in der Verwaltung",
            },
        ],
        "image": {
            "alt_text": "Illustration: zwei überlappende Sprechblasen vor blaugrünem Hintergrund",
            "caption": "Thomas Rieger setzt auf offene Standards und Kooperation.",
            "credit": "Privat",
            "colors": ["#1a2980", "#26d0ce"],
            "motif": "speech",
        },
        "days_ago": 171,
    },
    {
        "kicker": "Digitale Identität",
        "headline": "Ausweis auf dem Smartphone soll Behördengänge ersparen",
        "lead": (
            "Bürgerinnen und Bürger sollen sich künftig mit dem Smartphone gegenüber Behörden ausweisen können. Ein "
            "Pilotversuch mit mehreren tausend Teilnehmenden startet im Herbst."
        ),
        "body": (
            "<p>Statt den Personalausweis an ein Lesegerät zu halten, genügt künftig das Smartphone: Die digitale "
            "Identität wird einmalig auf dem Gerät hinterlegt und anschließend per PIN freigegeben. So sollen sich "
            "Menschen bei Online-Diensten der Verwaltung einfacher anmelden können.</p>"
            "<p>Im Pilotversuch testen Freiwillige unter anderem die Anmeldung im Bürgerportal, die Ummeldung eines "
            "Wohnsitzes und die Beantragung eines Führungszeugnisses. Ausgewertet wird, wie verständlich die "
            "Anwendung ist und wo Menschen abbrechen.</p>"
            "<p>Fachleute für IT-Sicherheit begleiten das Projekt. Sie sollen insbesondere prüfen, wie gut die "
            "Identität geschützt ist, wenn ein Smartphone verloren geht oder gestohlen wird.</p>"
        ),
        "author_shorthand": "mk",
        "section": "politik",
        "article_type": "meldung",
        "keywords": ["Digitale Identität", "Online-Ausweis", "IT-Sicherheit"],
        "links": [
            {"url": "https://id.example.de/pilot", "label": "Informationen zum Pilotversuch"},
            {"url": "https://www.example.org/eid-faq", "label": ""},
        ],
        "image": {
            "alt_text": "Illustration: Vorhängeschloss in einem Schild vor blauviolettem Farbverlauf",
            "caption": "Die digitale Identität soll sicher auf dem Smartphone liegen.",
            "credit": "Digitalagentur des Landes / Grafik: O. Muster",
            "colors": ["#4776e6", "#8e54e9"],
            "motif": "lock",
        },
        "days_ago": 187,
    },
    {
        "kicker": "Musterstadt",
        "headline": "Auto rund um die Uhr online zulassen",
        "lead": (
            "In Musterstadt können Halterinnen und Halter ihr Fahrzeug jetzt vollständig online an-, um- und "
            "abmelden. Die Plakette kommt per Post."
        ),
        "body": (
            "<p>Die Zulassungsstelle von Musterstadt hat ihr Online-Angebot ausgeweitet. Neben der Abmeldung, die "
            "schon länger digital möglich war, können nun auch Neuzulassungen und Halterwechsel im Internet erledigt "
            "werden – unabhängig von Öffnungszeiten.</p>"
            "<p>Benötigt werden der Online-Ausweis, die Zulassungsbescheinigung mit freigelegtem Sicherheitscode und "
            "ein Nachweis über die Kfz-Versicherung. Die Gebühren werden direkt im Portal bezahlt. Die Siegel für "
            "die Kennzeichen verschickt die Stadt innerhalb weniger Tage.</p>"
            "<p>Nach Angaben der Verwaltung werden bereits rund 40 Prozent aller Abmeldungen online erledigt. Die "
            "Warteschlangen vor dem Schalter seien spürbar kürzer geworden.</p>"
        ),
        "author_shorthand": "al",
        "section": "praxis",
        "article_type": "meldung",
        "keywords": ["Kfz-Zulassung", "Musterstadt", "Online-Antrag"],
        "links": [{"url": "https://www.musterstadt.example/zulassung-online", "label": "Zur Online-Zulassung"}],
        "image": {
            "alt_text": "Illustration: Häuserzeile mit Straße im Vordergrund vor hellblauem Morgenhimmel",
            "caption": "Zulassungen sind in Musterstadt jetzt auch nachts möglich.",
            "credit": "Pressestelle Stadt Musterstadt",
            "colors": ["#a1c4fd", "#c2e9fb"],
            "motif": "skyline",
        },
        "days_ago": 204,
    },
    {
        "kicker": "Beispielstadt",
        "headline": "Sensoren melden volle Altglascontainer",
        "lead": (
            "Die Stadtreinigung von Beispielstadt leert Altglascontainer nur noch, wenn sie wirklich voll sind. "
            "Möglich machen das Füllstandssensoren und ein städtisches Funknetz."
        ),
        "body": (
            "<p>An 180 Containerstandorten messen kleine Sensoren, wie voll die Behälter sind. Die Daten gelangen "
            "über ein energiesparendes Funknetz zur Stadtreinigung, die daraus jeden Morgen ihre Touren plant.</p>"
            "<p>Seit dem Start fährt die Stadtreinigung etwa ein Drittel weniger Kilometer für die Glassammlung. "
            "Überquellende Container, über die sich Anwohnende früher häufig beschwerten, sind seltener geworden.</p>"
            "<p>Das Funknetz steht auch anderen städtischen Einrichtungen zur Verfügung. Die Grünflächenabteilung "
            "misst damit bereits die Bodenfeuchte von Straßenbäumen, die Füllstände sollen außerdem auf dem "
            "Open-Data-Portal erscheinen.</p>"
        ),
        "author_shorthand": "ne",
        "section": "praxis",
        "article_type": "meldung",
        "keywords": ["Vernetzte Stadt", "Beispielstadt", "Sensorik", "Offene Daten"],
        "links": [{"url": "https://opendata.beispielstadt.example/altglas", "label": "Füllstände als offene Daten"}],
        "image": {
            "alt_text": "Illustration: Kartennadeln auf einem Straßenraster vor grünblauem Hintergrund",
            "caption": "Sensoren an 180 Standorten melden den Füllstand der Container.",
            "credit": "Stadtreinigung Beispielstadt / Grafik: I. Vorlage",
            "colors": ["#00b09b", "#96c93d"],
            "motif": "pins",
        },
        "days_ago": 222,
    },
    {
        "kicker": "Künstliche Intelligenz",
        "headline": "Regeln vor Rekorden",
        "lead": (
            "Behörden überbieten sich gerade mit Ankündigungen zu KI-Projekten. Wichtiger als die nächste "
            "Pilotmeldung wären klare Regeln, die Beschäftigten und Bürgern Sicherheit geben."
        ),
        "body": (
            "<p>Kaum eine Woche vergeht ohne neue Meldung über einen KI-Assistenten in einer Behörde. Mal fasst er "
            "Akten zusammen, mal entwirft er Antwortschreiben, mal beantwortet er Fragen im Bürgerportal. Vieles "
            "davon ist sinnvoll. Doch die Begeisterung verdeckt, dass an vielen Stellen grundlegende Fragen "
            "ungeklärt sind.</p>"
            "<p>Wer haftet, wenn ein automatisch erstellter Textbaustein falsch ist? Wie erfahren Bürgerinnen und "
            "Bürger, dass an ihrem Bescheid eine Software mitgewirkt hat? Und wer prüft, ob ein System bestimmte "
            "Gruppen benachteiligt?</p>"
            "<ul><li>Jeder Einsatz gehört in ein öffentliches Verzeichnis.</li><li>Beschäftigte brauchen Schulungen, "
            "bevor sie Werkzeuge nutzen – nicht danach.</li><li>Entscheidungen über Menschen trifft ein Mensch, "
            "nachvollziehbar und begründet.</li></ul>"
            "<p>Solche Regeln bremsen Innovation nicht aus. Sie sorgen dafür, dass Vertrauen entsteht – und ohne "
            "Vertrauen wird auch das beste KI-Projekt in der Verwaltung scheitern.</p>"
        ),
        "author_shorthand": "db",
        "section": "politik",
        "article_type": "kommentar",
        "keywords": ["Künstliche Intelligenz", "Ethik", "Transparenz", "Öffentliche Verwaltung"],
        "links": [
            {"url": "https://www.example.org/ki-register", "label": "Beispiel für ein öffentliches KI-Register"},
        ],
        "image": {
            "alt_text": (
                "Illustration: Computerchip mit strahlenförmigen Leiterbahnen vor anthrazitfarbenem Hintergrund"
            ),
            "caption": "Für KI in Behörden braucht es verbindliche Regeln.",
            "credit": "Redaktion / Grafik: A. Muster",
            "colors": ["#232526", "#414345"],
            "motif": "chip",
        },
        "days_ago": 241,
    },
    {
        "kicker": "Breitband",
        "headline": "Glasfaser für alle Schulen im Landkreis",
        "lead": (
            "Der Landkreis Musterland und ein regionaler Netzbetreiber schließen alle 64 Schulen an das "
            "Glasfasernetz an. Das Vorhaben kostet rund 11,5 Mio. €."
        ),
        "body": (
            "<p>Videokonferenzen, die ruckeln, und Tablets, die im Klassenraum kein Netz finden: Solche Klagen "
            "sollen im Landkreis Musterland bald der Vergangenheit angehören. Bis Ende des kommenden Jahres erhält "
            "jede Schule einen Glasfaseranschluss mit mindestens einem Gigabit pro Sekunde.</p>"
            "<p>Die Kosten von rund 11,5 Mio. € teilen sich Bund, Land und Kreis. Den Zuschlag für Bau und Betrieb "
            "hat ein regionaler Netzbetreiber erhalten, der die Leitungen zugleich für den Ausbau in angrenzenden "
            "Wohngebieten nutzen will.</p>"
            "<p>Parallel erneuert der Kreis die WLAN-Ausstattung in den Gebäuden. Die Arbeiten sollen möglichst in "
            "den Ferien stattfinden.</p>"
        ),
        "author_shorthand": "tf",
        "section": "wirtschaft",
        "article_type": "meldung",
        "keywords": ["Breitband", "Schul-IT", "Landkreis Musterland", "Glasfaser"],
        "links": [
            {"url": "https://www.landkreis-musterland.example/glasfaser-schulen", "label": "Ausbauplan"},
            {"url": "https://breitband.example.de/foerderung", "label": ""},
        ],
        "image": {
            "alt_text": "Illustration: Netz aus leuchtenden Punkten und Linien vor lilablauem Hintergrund",
            "caption": "Alle 64 Schulen des Kreises sollen Glasfaser erhalten.",
            "credit": "Landkreis Musterland / Grafik: S. Probe",
            "colors": ["#654ea3", "#eaafc8"],
            "motif": "network",
        },
        "days_ago": 261,
    },
    {
        "kicker": "Grünwalde",
        "headline": "Rathaus verleiht Tablets an Seniorinnen und Senioren",
        "lead": (
            "In der Gemeindebücherei von Grünwalde können ältere Menschen Tablets ausleihen und sich den Umgang mit "
            "Online-Diensten zeigen lassen. Das Angebot ist gefragt."
        ),
        "body": (
            "<p>Dienstags um zehn ist der kleine Lesesaal der Gemeindebücherei in Grünwalde voll besetzt. "
            "Ehrenamtliche „Digitallotsen“ erklären, wie man einen Termin beim Bürgerbüro online bucht, eine "
            "Videosprechstunde startet oder den Fahrplan abruft.</p>"
            "<p>Wer mag, kann eines von 20 Tablets für vier Wochen ausleihen. Die Geräte sind vorkonfiguriert und "
            "mit großer Schrift eingestellt. Finanziert wurden sie aus Mitteln eines Landesprogramms gegen digitale "
            "Ausgrenzung.</p>"
            "<p>„Viele trauen sich mehr zu, als sie denken“, sagt Lotsin Hannelore Vogt, selbst 74 Jahre alt. Die "
            "Gemeinde will das Angebot auf zwei weitere Ortsteile ausweiten.</p>"
        ),
        "author_shorthand": "ck",
        "section": "panorama",
        "article_type": "meldung",
        "keywords": ["Digitale Teilhabe", "Grünwalde", "Seniorinnen und Senioren"],
        "links": [{"url": "https://gruenwalde.example/digitallotsen", "label": "Digitallotsen in Grünwalde"}],
        "image": {
            "alt_text": "Illustration: drei stilisierte Personen vor sanftem Pfirsichton",
            "caption": "Ehrenamtliche Lotsen helfen beim Umgang mit Online-Diensten.",
            "credit": "Gemeinde Grünwalde / Foto: G. Beispiel",
            "colors": ["#ffecd2", "#fcb69f"],
            "motif": "people",
        },
        "days_ago": 282,
    },
    {
        "kicker": "Lüttenbek",
        "headline": "Ein Jahr Bürgerportal: Was eine kleine Gemeinde gelernt hat",
        "lead": (
            "Die Gemeinde Lüttenbek hat 2.300 Einwohnerinnen und Einwohner, vier Verwaltungsangestellte – und seit "
            "einem Jahr ein eigenes Bürgerportal. Eine Bilanz zwischen Stolz und Ernüchterung."
        ),
        "body": (
            "<p>Als Lüttenbek sein Bürgerportal freischaltete, gab es im Gemeindehaus Kuchen. Ein Jahr später fällt "
            "die Bilanz von Amtsvorsteher Ole Hansen nüchterner aus: „Es funktioniert, aber es ist mehr Arbeit, als "
            "wir dachten.“</p>"
            "<p>Das Portal selbst stammt aus einem Landesangebot und kostet die Gemeinde nur eine geringe Gebühr. "
            "Aufwendig ist die Pflege: Jede Leistung braucht eine aktuelle Beschreibung, zuständige Ansprechpersonen "
            "und funktionierende Verknüpfungen zu den Formularen des Kreises.</p>"
            "<h2>Die meistgenutzten Dienste</h2>"
            "<ul><li>Anmeldung von Hunden zur Hundesteuer</li><li>Reservierung des "
            "Dorfgemeinschaftshauses</li><li>Meldungen über defekte Straßenlaternen</li></ul>"
            "<p>Vor allem der Mängelmelder hat sich bewährt. Fotos und Standort landen direkt beim Bauhof, "
            "Rückfragen per Telefon sind seltener geworden. Für das zweite Jahr wünscht sich Hansen vor allem eines: "
            "dass der Kreis mehr Leistungen zentral pflegt, damit nicht jede Gemeinde dieselben Texte schreiben "
            "muss.</p>"
        ),
        "author_shorthand": "mk",
        "section": "praxis",
        "article_type": "bericht",
        "keywords": ["Bürgerportal", "Lüttenbek", "Kleine Gemeinden", "Mängelmelder"],
        "links": [
            {"url": "https://luettenbek.example/buergerportal", "label": "Bürgerportal Lüttenbek"},
            {"url": "https://www.example.org/portalverbund", "label": ""},
        ],
        "image": {
            "alt_text": "Illustration: kleine Häuser mit Satteldächern vor einem rosafarbenen Abendhimmel",
            "caption": "Lüttenbek zieht nach einem Jahr Bürgerportal Bilanz.",
            "credit": "Gemeinde Lüttenbek",
            "colors": ["#ff758c", "#ff7eb3"],
            "motif": "skyline",
        },
        "days_ago": 304,
    },
    {
        "kicker": "Landesverwaltung",
        "headline": "„Föderalismus ist kein Hindernis, wenn die Standards stimmen“",
        "lead": (
            "Staatssekretärin Dr. Miriam Albers koordiniert die Digitalisierung der Landesverwaltung. Ein Gespräch "
            "über gemeinsame Standards, Zuständigkeiten und Geduld."
        ),
        "body": (
            "<p><strong>Frau Dr. Albers, ist der Föderalismus schuld daran, dass die Verwaltung so langsam digital "
            "wird?</strong></p>"
            "<p>Das höre ich oft, aber ich halte es für eine bequeme Ausrede. Vielfalt ist kein Problem, solange "
            "Systeme dieselbe Sprache sprechen. Das Problem sind fehlende oder zu spät vereinbarte Standards.</p>"
            "<p><strong>Was heißt das konkret?</strong></p>"
            "<p>Wenn wir festlegen, wie ein Antrag auf Elterngeld als Datensatz aussieht, kann jedes Land sein "
            "eigenes Portal betreiben, und trotzdem kommen die Daten sauber in jedem Fachverfahren an. Diese "
            "Vereinbarungen sind mühsam, aber sie halten länger als jede Software.</p>"
            "<p><strong>Was wünschen Sie sich von den Kommunen?</strong></p>"
            "<p>Dass sie uns früher sagen, was in der Praxis nicht funktioniert. Die besten Hinweise kommen aus den "
            "Bürgerämtern, nicht aus Strategiepapieren.</p>"
        ),
        "author_shorthand": "jh",
        "section": "politik",
        "article_type": "interview",
        "keywords": ["Föderalismus", "Standards", "Landesverwaltung", "Interoperabilität"],
        "links": [{"url": "https://digitales.example.de/standards", "label": "Standardisierungsagenda des Landes"}],
        "image": {
            "alt_text": "Illustration: zwei Sprechblasen vor tannengrünem Hintergrund",
            "caption": "Dr. Miriam Albers setzt auf gemeinsame Datenstandards.",
            "credit": "Ministerium für Digitales / Foto: C. Platzhalter",
            "colors": ["#0f3443", "#34e89e"],
            "motif": "speech",
        },
        "days_ago": 327,
    },
    {
        "kicker": "Personal",
        "headline": "Zulage soll IT-Fachkräfte in den Landesdienst locken",
        "lead": (
            "Das Land zahlt IT-Fachkräften in seinen Behörden künftig eine monatliche Zulage von bis zu 1.000 €. "
            "Gewerkschaften begrüßen den Schritt, fordern aber mehr."
        ),
        "body": (
            "<p>Im Wettbewerb um IT-Fachleute zieht der öffentliche Dienst häufig den Kürzeren. Das Land reagiert "
            "nun mit einer Fachkräftezulage: Beschäftigte in IT-Berufen erhalten je nach Aufgabe zwischen 300 € und "
            "1.000 € im Monat zusätzlich.</p>"
            "<p>Voraussetzung ist, dass eine Stelle über einen längeren Zeitraum nicht besetzt werden konnte oder "
            "die Aufgaben besondere Kenntnisse erfordern, etwa in der Informationssicherheit. Die Zulage ist "
            "zunächst auf fünf Jahre befristet.</p>"
            "<p>Gewerkschaften sprechen von einem ersten Schritt. Langfristig brauche es eine Überarbeitung der "
            "Eingruppierung, damit IT-Berufe nicht dauerhaft über Zulagen ausgeglichen werden müssten. Die Kommunen "
            "hoffen auf eine ähnliche Regelung für ihre Beschäftigten.</p>"
        ),
        "author_shorthand": "sr",
        "section": "wirtschaft",
        "article_type": "meldung",
        "keywords": ["Fachkräfte", "Öffentlicher Dienst", "Personal"],
        "links": [{"url": "https://www.example.org/it-fachkraeftezulage", "label": "Details zur Zulage"}],
        "image": {
            "alt_text": "Illustration: Gruppe stilisierter Personen vor himmelblauem Hintergrund",
            "caption": "Mit einer Zulage will das Land IT-Fachkräfte gewinnen.",
            "credit": "Finanzministerium / Grafik: V. Muster",
            "colors": ["#56ccf2", "#2f80ed"],
            "motif": "people",
        },
        "days_ago": 351,
    },
    {
        "kicker": "Kreis Talwiese",
        "headline": "Jobcenter nimmt Nachweise per Upload entgegen",
        "lead": (
            "Kontoauszüge, Mietverträge, Arbeitsbescheinigungen: Beim Jobcenter im Kreis Talwiese können "
            "Leistungsberechtigte Unterlagen jetzt per Smartphone hochladen."
        ),
        "body": (
            "<p>Wer Bürgergeld bezieht, muss dem Jobcenter regelmäßig Unterlagen vorlegen. Bisher hieß das: "
            "kopieren, eintüten, abgeben. Im Kreis Talwiese genügt jetzt ein Foto mit dem Smartphone, das über ein "
            "gesichertes Portal ins Jobcenter gelangt.</p>"
            "<p>Die Software erkennt Dokumententypen und ordnet Uploads automatisch der richtigen elektronischen "
            "Akte zu. Nach Angaben des Jobcenters kommen Nachweise so im Schnitt fünf Tage früher an als per "
            "Post.</p>"
            "<p>Wer kein Smartphone besitzt, kann Unterlagen weiterhin persönlich abgeben. Im Eingangsbereich steht "
            "zudem ein Scanner bereit, an dem Beschäftigte beim Hochladen helfen.</p>"
        ),
        "author_shorthand": "al",
        "section": "praxis",
        "article_type": "meldung",
        "keywords": ["Jobcenter", "Kreis Talwiese", "E-Akte", "Sozialverwaltung"],
        "links": [{"url": "https://jobcenter-talwiese.example/upload", "label": "Zum Upload-Portal"}],
        "image": {
            "alt_text": "Illustration: Dokument mit Pfeil nach oben vor warmem Gelbton",
            "caption": "Nachweise erreichen das Jobcenter jetzt schneller.",
            "credit": "Jobcenter Kreis Talwiese",
            "colors": ["#f6d365", "#fda085"],
            "motif": "document",
        },
        "days_ago": 376,
    },
    {
        "kicker": "Veranstaltung",
        "headline": "Kongress zur digitalen Verwaltung meldet Besucherrekord",
        "lead": (
            "Mehr als 3.000 Menschen aus Behörden, Wissenschaft und Wirtschaft kamen zum Fachkongress „Verwaltung "
            "vernetzt“. Im Mittelpunkt standen Künstliche Intelligenz und Cloud-Lösungen."
        ),
        "body": (
            "<p>Zwei Tage lang drängten sich Besucherinnen und Besucher in den Messehallen, um in rund 90 Vorträgen "
            "und Workshops zu erfahren, wie andere Verwaltungen digitale Projekte angehen. Besonders voll war es bei "
            "den Praxisberichten aus Kommunen.</p>"
            "<p>Viel Beifall erhielt eine Sachbearbeiterin aus einem Bürgeramt, die schilderte, wie ihr Team die "
            "Terminvergabe selbst umgebaut hat. „Fragt die Leute am Schalter, die wissen, wo es klemmt“, lautete ihr "
            "Rat an die Führungskräfte im Saal.</p>"
            "<p>Auf der begleitenden Ausstellung präsentierten sich über 150 Unternehmen. Der nächste Kongress "
            "findet im kommenden Frühjahr statt, dann mit einem eigenen Bereich für Start-ups.</p>"
        ),
        "author_shorthand": "ne",
        "section": "panorama",
        "article_type": "meldung",
        "keywords": ["Kongress", "Veranstaltung", "Künstliche Intelligenz", "Cloud"],
        "links": [
            {"url": "https://verwaltung-vernetzt.example.org/", "label": "Kongress „Verwaltung vernetzt“"},
            {"url": "https://verwaltung-vernetzt.example.org/programm", "label": "Vorträge zum Nachhören"},
            {"url": "https://www.example.org/kongress-bildergalerie", "label": ""},
        ],
        "image": {
            "alt_text": "Illustration: viele stilisierte Personen in Reihen vor tiefrotem Hintergrund",
            "caption": "Der Kongress zog mehr als 3.000 Gäste an.",
            "credit": "Messe Beispielstadt / Foto: W. Exempel",
            "colors": ["#cb356b", "#bd3f32"],
            "motif": "people",
        },
        "days_ago": 402,
    },
    {
        "kicker": "Onlinezugangsgesetz",
        "headline": "Was die Neufassung des Onlinezugangsgesetzes für Kommunen bedeutet",
        "lead": (
            "Mit der Neufassung des Onlinezugangsgesetzes verschieben sich die Schwerpunkte: weg von reinen "
            "Online-Formularen, hin zu durchgängig digitalen Abläufen. Für Städte und Gemeinden ergeben sich neue "
            "Pflichten – und Chancen."
        ),
        "body": (
            "<p>Das ursprüngliche Onlinezugangsgesetz hatte ein klares Ziel: Verwaltungsleistungen sollten online "
            "beantragt werden können. Die Neufassung geht weiter. Künftig zählt nicht nur der digitale Zugang, "
            "sondern die Frage, ob ein Vorgang auch intern ohne Papier abgeschlossen wird.</p>"
            "<h2>Die wichtigsten Änderungen</h2>"
            "<ul><li>Bürgerinnen und Bürger erhalten einen Anspruch auf digitale "
            "Verwaltungsleistungen.</li><li>Nachweise sollen nach dem Once-Only-Prinzip zwischen Behörden "
            "ausgetauscht werden.</li><li>Für Unternehmen wird die digitale Kommunikation mit Behörden der "
            "Regelfall.</li></ul>"
            "<p>Für Kommunen bedeutet das vor allem Arbeit an ihren Fachverfahren. Viele Programme verfügen noch "
            "nicht über die nötigen Schnittstellen. Hier sind die Hersteller gefragt, aber auch die Länder, die "
            "einheitliche Vorgaben machen müssen.</p>"
            "<p>„Wir begrüßen, dass endlich die Abläufe hinter den Formularen in den Blick genommen werden“, heißt "
            "es vom Städtetag. Zugleich warnen die Verbände vor neuen Pflichten ohne ausreichende Finanzierung. Wie "
            "die Kosten verteilt werden, ist noch offen.</p>"
        ),
        "author_shorthand": "db",
        "section": "politik",
        "article_type": "bericht",
        "keywords": ["Onlinezugangsgesetz", "Kommunen", "Einmalerfassung", "Gesetzgebung"],
        "links": [
            {"url": "https://www.example.org/ozg-neufassung", "label": "Gesetzestext der Neufassung"},
            {"url": "https://digitales.example.de/ozg-faq-kommunen", "label": "Fragen und Antworten für Kommunen"},
        ],
        "image": {
            "alt_text": (
                "Illustration: Stapel von Dokumenten mit Paragrafenzeichen-ähnlichen Linien vor marineblauem "
                "Hintergrund"
            ),
            "caption": "Die Neufassung des Gesetzes rückt interne Abläufe in den Fokus.",
            "credit": "Redaktion / Grafik: A. Muster",
            "colors": ["#141e30", "#243b55"],
            "motif": "document",
        },
        "days_ago": 429,
    },
    {
        "kicker": "Neuwiesenfeld",
        "headline": "Friedhofsverwaltung führt digitales Grabregister ein",
        "lead": (
            "In Neuwiesenfeld sind alle Grabstätten der drei städtischen Friedhöfe jetzt digital erfasst. Angehörige "
            "finden Gräber künftig über eine Online-Karte."
        ),
        "body": (
            "<p>Karteikarten, handgezeichnete Lagepläne und dicke Bücher – so wurde in der Friedhofsverwaltung von "
            "Neuwiesenfeld bislang festgehalten, wer wo bestattet ist und wann Nutzungsrechte auslaufen. Über zwei "
            "Jahre haben Beschäftigte die Daten von rund 14.000 Grabstätten in ein digitales Register übertragen.</p>"
            "<p>Die Verwaltung erhält automatische Hinweise, wenn Ruhefristen enden, und kann freie Grabstellen "
            "schneller vergeben. Auf Wunsch der Angehörigen werden Gräber auf einer Online-Karte angezeigt, was "
            "besonders auswärtigen Besucherinnen und Besuchern die Suche erleichtert.</p>"
            "<p>Die Einträge auf der öffentlichen Karte sind freiwillig. Wer nicht möchte, dass ein Grab auffindbar "
            "ist, kann der Veröffentlichung widersprechen.</p>"
        ),
        "author_shorthand": "ck",
        "section": "praxis",
        "article_type": "meldung",
        "keywords": ["Neuwiesenfeld", "Friedhofsverwaltung", "Geodaten"],
        "links": [
            {"url": "https://www.neuwiesenfeld.example/friedhoefe/karte", "label": "Online-Karte der Friedhöfe"},
        ],
        "image": {
            "alt_text": "Illustration: Kartennadeln auf einem ruhigen, graugrünen Raster",
            "caption": "Rund 14.000 Grabstätten sind jetzt digital erfasst.",
            "credit": "Stadt Neuwiesenfeld / Foto: E. Beispiel",
            "colors": ["#606c88", "#3f4c6b"],
            "motif": "pins",
        },
        "days_ago": 457,
    },
    {
        "kicker": "Cloud",
        "headline": "Behörden testen Bürosoftware aus der souveränen Cloud",
        "lead": (
            "Fünf Landesbehörden erproben ein Paket aus Textverarbeitung, E-Mail und Videokonferenz, das vollständig "
            "in einem deutschen Rechenzentrum betrieben wird. Die Testphase soll zeigen, ob der Umstieg im Alltag "
            "gelingt."
        ),
        "body": (
            "<p>Wer in einer Behörde arbeitet, verbringt einen großen Teil des Tages mit Dokumenten, Kalendern und "
            "Postfächern. Bisher laufen diese Programme meist auf Servern im eigenen Haus oder bei großen "
            "internationalen Anbietern. Ein Pilotprojekt prüft nun eine Alternative: eine Bürosuite auf Basis "
            "quelloffener Software, betrieben von einem öffentlichen IT-Dienstleister.</p>"
            "<p>Rund 1.200 Beschäftigte nehmen an dem Test teil. Sie sollen typische Aufgaben erledigen – vom "
            "gemeinsamen Bearbeiten einer Kabinettsvorlage bis zur Videokonferenz mit einem Landkreis. Ein "
            "Forschungsinstitut begleitet die Erprobung und befragt die Teilnehmenden regelmäßig.</p>"
            "<h2>Hürden im Detail</h2>"
            "<p>Erste Rückmeldungen zeigen, wo es hakt: komplexe Tabellen mit Makros, Vorlagen mit eigenwilliger "
            "Formatierung, Schnittstellen zu älteren Fachverfahren. „Das sind lösbare Probleme, aber man muss sie "
            "ernst nehmen“, sagt Projektleiter Stefan Brandt.</p>"
            "<p>Nach Abschluss der Testphase will die Landesregierung entscheiden, ob die Bürosoftware schrittweise "
            "in der gesamten Landesverwaltung eingeführt wird.</p>"
        ),
        "author_shorthand": "tf",
        "section": "wirtschaft",
        "article_type": "bericht",
        "keywords": ["Cloud", "Digitale Souveränität", "Freie Software", "Landesverwaltung"],
        "links": [
            {
                "url": "https://digitales.example.de/souveraener-arbeitsplatz",
                "label": "Projekt „Souveräner Arbeitsplatz“",
            },
            {"url": "https://www.example.org/evaluation-buerosoftware", "label": ""},
        ],
        "image": {
            "alt_text": "Illustration: große Wolke über einem Netz aus Knotenpunkten vor hellblauem Hintergrund",
            "caption": "Fünf Behörden erproben Bürosoftware aus einem deutschen Rechenzentrum.",
            "credit": "Landesamt für IT / Foto: M. Beispiel",
            "colors": ["#2193b0", "#6dd5ed"],
            "motif": "cloud",
        },
        "days_ago": 486,
    },
    {
        "kicker": "Bürgeramt",
        "headline": "Schluss mit dem Termin-Roulette",
        "lead": (
            "Wer einen Termin im Bürgeramt braucht, klickt sich vielerorts jeden Morgen durch leere Kalender. Dabei "
            "ließe sich das Problem lösen, meint unsere Autorin."
        ),
        "body": (
            "<p>Es ist ein Ritual, das viele Großstädterinnen und Großstädter kennen: Um kurz vor acht den Laptop "
            "aufklappen, das Terminportal neu laden, hoffen. Wer Glück hat, ergattert einen Termin in sechs Wochen. "
            "Wer Pech hat, versucht es morgen wieder.</p>"
            "<p>Dabei liegt das Problem selten nur an fehlendem Personal. Viele Termine werden für Anliegen gebucht, "
            "die gar keinen Besuch erfordern würden – etwa Auskünfte oder Bescheinigungen, die sich problemlos "
            "online erledigen ließen. Andere Termine verfallen, weil niemand absagt.</p>"
            "<p>Einige Städte zeigen, dass es anders geht: mit Erinnerungen per SMS, einer Warteliste für "
            "kurzfristig freie Termine und konsequenter Digitalisierung der einfachen Fälle. Das kostet zunächst "
            "Geld und Mühe. Doch jede Stunde, die Menschen nicht mehr vor dem Bildschirm auf einen Termin warten, "
            "ist ein Stück zurückgewonnenes Vertrauen in den Staat.</p>"
        ),
        "author_shorthand": "sr",
        "section": "panorama",
        "article_type": "kommentar",
        "keywords": ["Bürgeramt", "Terminvergabe", "Bürgerservice"],
        "links": [
            {"url": "https://www.example.org/terminvergabe-gute-beispiele", "label": "Gute Beispiele aus Kommunen"},
        ],
        "image": {
            "alt_text": (
                "Illustration: Häuserzeile mit erleuchteten Fenstern in der Morgendämmerung, Hintergrund in Blau und "
                "Gold"
            ),
            "caption": "Termine im Bürgeramt sind vielerorts knapp.",
            "credit": "Redaktion / Grafik: A. Muster",
            "colors": ["#2c3e50", "#fd746c"],
            "motif": "skyline",
        },
        "days_ago": 516,
    },
    {
        "kicker": "E-Rechnung",
        "headline": "Landesverwaltung nimmt nur noch elektronische Rechnungen an",
        "lead": (
            "Lieferanten der Landesverwaltung müssen ihre Rechnungen künftig elektronisch einreichen. Papier- und "
            "PDF-Rechnungen werden nach einer Übergangsfrist zurückgewiesen."
        ),
        "body": (
            "<p>Jedes Jahr gehen bei den Behörden des Landes mehrere hunderttausend Rechnungen ein – vom "
            "Büromaterial bis zur Brückensanierung. Künftig müssen sie in einem strukturierten elektronischen Format "
            "eingereicht werden, das sich ohne Abtippen in die Buchhaltung übernehmen lässt.</p>"
            "<p>Für Unternehmen steht ein zentrales Rechnungseingangsportal bereit. Kleine Betriebe, die keine "
            "eigene Software haben, können ihre Rechnungen dort direkt in einem Webformular erfassen. Die Industrie- "
            "und Handelskammern bieten begleitend Informationsveranstaltungen an.</p>"
            "<p>Das Finanzministerium rechnet damit, dass sich die Bearbeitungszeit einer Rechnung von mehreren "
            "Tagen auf wenige Stunden verkürzt. Auch Skontofristen könnten dann häufiger genutzt werden.</p>"
        ),
        "author_shorthand": "jh",
        "section": "politik",
        "article_type": "meldung",
        "keywords": ["E-Rechnung", "Landesverwaltung", "Haushalt"],
        "links": [
            {"url": "https://rechnung.example.de/", "label": "Rechnungseingangsportal"},
            {"url": "https://www.example.org/e-rechnung-leitfaden", "label": "Leitfaden für Lieferanten"},
        ],
        "image": {
            "alt_text": "Illustration: Dokumentblätter mit Tabellenlinien vor smaragdgrünem Farbverlauf",
            "caption": "Rechnungen an das Land müssen künftig elektronisch eingehen.",
            "credit": "Finanzministerium / Grafik: V. Muster",
            "colors": ["#348f50", "#56b4d3"],
            "motif": "document",
        },
        "days_ago": 540,
    },
]

# English terms in the demo texts, marked for screen readers (WCAG 3.1.2) as an editor marks them with the body
# editor's "Englisch" button. Loanwords that German dictionaries list (Cloud, App, online) stay unmarked; headlines,
# kickers, keywords and link labels, which cannot carry marks, use German words instead.
ENGLISH_TERMS = re.compile(r"(?<![\w-])(Open-Data|Open Data|Open Source|Once-Only|Smart City|Hackathon)(?![\w])")
_TAG = re.compile(r"(<[^>]+>)")


def mark_english(body: str) -> str:
    """Wrap the English terms of a body's text (never inside a tag) in the editor's language mark."""
    parts = _TAG.split(body)
    return "".join(
        part if part.startswith("<") else ENGLISH_TERMS.sub(r'<span class="lang-en">\1</span>', part) for part in parts
    )


for _article in ARTICLES:
    _article["body"] = mark_english(_article["body"])

# The editors' static pages (pages app), created by seed_demo when missing. Samples only: everything in
# [eckigen Klammern] is a placeholder a real publisher replaces with its own data. `footer_position` is the
# order of the footer links.
SAMPLE_NOTE = (
    "<p><strong>Muster:</strong> Dieser Text ist ein Beispiel der Demo-Inhalte. Alle Angaben in eckigen Klammern "
    "muss der Herausgeber vor der Veröffentlichung durch die eigenen ersetzen.</p>"
)

PAGES = [
    {
        "slug": "impressum",
        "title": "Impressum",
        "footer_position": 10,
        "body": SAMPLE_NOTE
        + (
            "<h2>Herausgeber</h2>"
            "<p>[Name der herausgebenden Stelle]<br>[Straße und Hausnummer]<br>[Postleitzahl und Ort]</p>"
            "<p>Vertreten durch: [Name der vertretungsberechtigten Person, Funktion]</p>"
            "<h2>Kontakt</h2>"
            "<p>Telefon: [Telefonnummer]<br>"
            'E-Mail: <a href="mailto:redaktion@verwaltung-digital.example">redaktion@verwaltung-digital.example</a></p>'
            "<h2>Register und Umsatzsteuer</h2>"
            "<p>[Registergericht und Registernummer, falls vorhanden]<br>"
            "Umsatzsteuer-Identifikationsnummer: [USt-IdNr., falls vorhanden]</p>"
            "<h2>Verantwortlich für den Inhalt</h2>"
            "<p>Verantwortlich für die redaktionellen Inhalte nach § 18 Abs. 2 Medienstaatsvertrag: "
            "[Name], [Anschrift wie oben]</p>"
            "<h2>Hinweis zu Links</h2>"
            "<p>Beiträge verweisen auf Angebote anderer Anbieter. Für deren Inhalte sind allein diese "
            "verantwortlich; die Redaktion prüft verlinkte Seiten beim Setzen des Links, nicht fortlaufend.</p>"
        ),
    },
    {
        "slug": "datenschutz",
        "title": "Datenschutz",
        "footer_position": 20,
        "body": SAMPLE_NOTE
        + (
            "<h2>Verantwortliche Stelle</h2>"
            "<p>[Name und Anschrift des Herausgebers, siehe Impressum]<br>"
            "Datenschutzbeauftragte oder Datenschutzbeauftragter: [Name, Erreichbarkeit]</p>"
            "<h2>Lesen ohne Spuren</h2>"
            "<p>Wer Beiträge liest, sucht oder das Archiv durchblättert, bekommt keine Cookies. Das Portal bindet "
            "keine Schriften, Skripte, Videos oder Zählpixel anderer Anbieter ein; Ihr Browser spricht beim Lesen "
            "nur mit unserem Server.</p>"
            "<h2>Protokolle des Servers</h2>"
            "<p>Bei Fehlern protokolliert der Server die aufgerufene Adresse und den Zeitpunkt. IP-Adressen und "
            "E-Mail-Adressen werden vor dem Schreiben unkenntlich gemacht. Die Protokolle werden nach "
            "[Anzahl] Tagen gelöscht.</p>"
            "<h2>Link mailen</h2>"
            "<p>Mit „Link mailen“ schicken Sie einen Hinweis auf einen Beitrag an eine E-Mail-Adresse. Die Adresse "
            "wird nur für diesen einen Versand verwendet und nicht gespeichert. Gegen Missbrauch zählt der Server "
            "für kurze Zeit, wie oft von einem Anschluss aus und an eine Adresse gesendet wurde; die Zähler "
            "verfallen nach spätestens einem Tag. Rechtsgrundlage ist Art. 6 Abs. 1 lit. f DSGVO.</p>"
            "<h2>Ihre Rechte</h2>"
            "<p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung sowie "
            "auf Widerspruch (Art. 15 bis 21 DSGVO). Sie können sich außerdem bei einer "
            "Datenschutz-Aufsichtsbehörde beschweren, zum Beispiel bei [zuständige Aufsichtsbehörde].</p>"
        ),
    },
    {
        "slug": "barrierefreiheit",
        "title": "Erklärung zur Barrierefreiheit",
        "footer_position": 30,
        "body": SAMPLE_NOTE
        + (
            "<p>[Name des Herausgebers] ist bemüht, dieses Portal im Einklang mit den Vorgaben der "
            "Barrierefreien-Informationstechnik-Verordnung (BITV 2.0) und der Richtlinie (EU) 2016/2102 "
            "barrierefrei zugänglich zu machen. Diese Erklärung gilt für das Nachrichtenportal unter "
            "[Adresse des Portals].</p>"
            "<h2>Stand der Vereinbarkeit mit den Anforderungen</h2>"
            "<p>Das Portal ist mit den Anforderungen [vollständig / teilweise] vereinbar. Jede öffentliche "
            "Seitenart wird bei jeder Änderung der Software automatisch gegen die Kriterien der WCAG 2.2 in den "
            "Stufen A und AA geprüft, bei 1280 und bei 320 Pixeln Breite.</p>"
            "<h2>Nicht barrierefreie Inhalte</h2>"
            "<ul><li>Ältere Beiträge aus der Zeit vor [Datum] können Bilder ohne aussagekräftigen Alternativtext "
            "enthalten.</li>"
            "<li>Die als PDF angebotenen Fassungen der Beiträge sind noch nicht vollständig getaggt. Derselbe Text "
            "steht auf jeder Beitragsseite und in der Druckversion barrierefrei zur Verfügung.</li>"
            "<li>[Weitere bekannte Barrieren, jeweils mit Begründung und barrierefreier Alternative]</li></ul>"
            "<h2>Erstellung dieser Erklärung</h2>"
            "<p>Diese Erklärung wurde am [TT.MM.JJJJ] erstellt und zuletzt am [TT.MM.JJJJ] überprüft. Grundlage "
            "ist eine [Selbstbewertung / Prüfung durch Dritte: Name der prüfenden Stelle].</p>"
            "<h2>Barrieren melden: Feedback und Kontakt</h2>"
            "<p>Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Schreiben Sie uns an "
            '<a href="mailto:barrierefreiheit@verwaltung-digital.example">'
            "barrierefreiheit@verwaltung-digital.example</a> oder rufen Sie an unter [Telefonnummer]. "
            "Wir antworten innerhalb von [Anzahl] Wochen.</p>"
            "<h2>Durchsetzungsverfahren</h2>"
            "<p>Antworten wir nicht oder nicht zufriedenstellend, können Sie sich an die Schlichtungsstelle nach "
            "§ 16 Behindertengleichstellungsgesetz wenden: [Name und Anschrift der zuständigen "
            "Schlichtungs- oder Durchsetzungsstelle, Internetadresse]. Das Verfahren ist kostenlos; Sie brauchen "
            "keinen Rechtsbeistand.</p>"
        ),
    },
    {
        "slug": "kontakt",
        "title": "Kontakt",
        "footer_position": 40,
        "body": SAMPLE_NOTE
        + (
            "<h2>Redaktion</h2>"
            "<p>Sie haben einen Hinweis, eine Korrektur oder eine Frage zu einem Beitrag? Schreiben Sie uns an "
            '<a href="mailto:redaktion@verwaltung-digital.example">redaktion@verwaltung-digital.example</a>.</p>'
            "<p>Telefon: [Telefonnummer], erreichbar [Wochentage und Uhrzeiten]</p>"
            "<h2>Post</h2>"
            "<p>[Name der herausgebenden Stelle]<br>Redaktion<br>[Straße und Hausnummer]<br>"
            "[Postleitzahl und Ort]</p>"
            "<h2>Barrieren melden</h2>"
            "<p>Für Hinweise zur Barrierefreiheit nutzen Sie bitte die Kontaktangaben in der "
            '<a href="/barrierefreiheit/">Erklärung zur Barrierefreiheit</a>.</p>'
        ),
    },
]

# The people behind the shorthands, invented for the demo (docs/autorinnen-und-autoren.md). Berichte, Interviews
# and Kommentare name them in the byline; Meldungen keep the shorthand alone, as the portal prints them.
CONTRIBUTORS = {
    "mk": {
        "name": "Miriam Kranich",
        "role": "Redakteurin",
        "bio": "Schreibt über Register, Daten und die Frage, wer in der Verwaltung was wissen darf. Vorher zehn "
        "Jahre Lokalredaktion in einer Kreisstadt.",
        "links": "https://miriam-kranich.example/",
        "portrait": {"motif": "people", "colors": ["#2f5d62", "#a7c4bc"]},
    },
    "sr": {
        "name": "Stefan Rautenberg",
        "role": "Redakteur",
        "bio": "Verfolgt Haushalte, Vergaben und "
        "IT-Großprojekte von Bund und Ländern – am liebsten mit den Zahlen in der Hand.",
    },
    "tf": {
        "name": "Tanja Fehrmann",
        "role": "Redakteurin",
        "bio": "Berichtet über Kommunen, die digitale Dienste selbst bauen, und über die, die es gemeinsam versuchen.",
    },
    "ne": {
        "name": "Nils Eckhoff",
        "role": "Gastautor",
        "bio": "Berät Landkreise bei der Einführung von "
        "Fachverfahren und schreibt gelegentlich über das, was dabei schiefgeht.",
    },
    "db": {
        "name": "Dörte Brandes",
        "role": "Redakteurin",
        "bio": "Zuständig für Sicherheit, Barrierefreiheit "
        "und alles, was Behörden gesetzlich müssen, aber selten gern tun.",
    },
    "al": {
        "name": "Arne Lindqvist",
        "role": "Redakteur",
        "bio": "Schreibt über Open Data, Schnittstellen und die Leute, die sie in Rathäusern am Laufen halten.",
    },
    "ck": {
        "name": "Carla Kessler",
        "role": "Chefin vom Dienst",
        "bio": "Plant die Ausgaben, redigiert und führt die Interviews mit Ministerinnen und Ministern.",
    },
    "jh": {
        "name": "Jonas Hartwig",
        "role": "Volontär",
        "bio": "Im zweiten Ausbildungsjahr; schreibt über Schulen, Fördermittel und digitale Bildung.",
    },
}
# Named with the Foto role beside the writer in the demo's interviews.
PHOTO_DESK = {"name": "Bildredaktion Verwaltung digital", "kind": "organisation", "role": "Bildredaktion"}
# The demo picture whose licence ends while `make run` is up (docs/bildrechte.md, walk-through): a press handout
# of the article at this index, usable for this many minutes after seeding.
ENDING_LICENCE_ARTICLE = 1
ENDING_LICENCE_MINUTES = 20

# The newsletter's demo lists (newsletter/, docs/newsletter.md); "sections" names sections above by slug.
NEWSLETTER_LISTS = [
    {
        "name": "Wöchentlich: alle Meldungen",
        "slug": "woechentlich",
        "description": "Jeden Freitag die Beiträge der Woche aus allen Bereichen.",
        "sections": [],
        "position": 10,
    },
    {
        "name": "Bereich Politik",
        "slug": "politik",
        "description": "Neues aus Gesetzgebung, Ministerien und Landtagen, sobald es erscheint.",
        "sections": ["politik"],
        "position": 20,
    },
]
NEWSLETTER_EDITORIAL = (
    "<p>Liebe Leserinnen und Leser, diese Woche geht es um digitale Anträge, offene Daten und die Frage, "
    "wie Verwaltungen ihre Netze sicher halten. Wir wünschen eine anregende Lektüre.</p>"
)
