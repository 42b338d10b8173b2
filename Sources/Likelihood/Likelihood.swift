// Likelihood module: see DESIGN.md
