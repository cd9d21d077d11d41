"""Contributors: the people and organisations named in bylines (docs/autorinnen-und-autoren.md).

The floor: people sits below articles, beside images (it imports core, pagecache and images). It holds the
person: name, role, bio, portrait, links, the editor's account, and leaving with the erasure of personal data.
The byline (which contributor wrote which article, in which role) and the profile page with its feed are lists
of articles and live in articles, like keywords and their pages: articles imports people's models, never the
other way round.
"""
