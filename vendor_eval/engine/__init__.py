"""Pure decision maths: normalise, gate, aggregate, adjust for risk, rank and explain."""
