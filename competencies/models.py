"""Evidence against KSBs, mentor sign-off and gateway readiness."""
