"""Programmes, cohorts, enrolments, learning contracts, protected study time and progress reviews."""
