"""Understanding what people type: script normalisation and community (city) matching.

The intent classifier (issue: free text understanding) will live here too.
"""
