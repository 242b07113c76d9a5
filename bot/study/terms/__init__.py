"""`explain TERM`: a definition drawn from the material and where the term first appears.

matching.py says when a sentence mentions a term (acronyms, plurals); evidence.py gathers the
sentences that define or use it; key_terms.py picks a passage's key terms (outline, digest).
"""
