"""NHS England's support worker pastoral support quality self-assessment: RAG ratings rolled up to
phases.
"""
