"""Occupational standards (ST0215 and any other from the Institute's JSON), their duties and KSBs, and
each trust's local competency frameworks mapped to KSBs.
"""
