"""Reading figures out of report text: numbers, metric rules, periods, and the evaluation."""
