"""The draft revision this model follows: draft-ietf-httpbis-rfc6265bis-22 (1 December 2025).

Anchors cited in comments throughout the package are the section anchors of that draft's source
(e.g. ``#storage-model``, ``#retrieval-algorithm``, ``#cookie-date``), plus step numbers.
"""

DRAFT = "draft-ietf-httpbis-rfc6265bis-22"
