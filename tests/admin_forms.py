"""Management data of inline formsets that admin form posts in tests must carry."""

# The image form's rights record (images/admin.py ImageRightsInline), not added.
NO_RIGHTS_RECORD = {"rights-TOTAL_FORMS": "0", "rights-INITIAL_FORMS": "0"}
