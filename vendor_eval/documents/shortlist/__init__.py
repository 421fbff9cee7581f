"""The shortlist report: its evidence as values, the sections it may contain, their wording,
the chart plan, and the template context built from them."""
