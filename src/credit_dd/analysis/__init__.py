"""Analysis: ratios, sizing, repayment capacity, bank flows, AML, screening, the rating."""
