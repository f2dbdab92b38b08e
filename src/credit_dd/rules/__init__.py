"""Credit rules: findings from what was read and analysed, and the opinion they lead to."""
