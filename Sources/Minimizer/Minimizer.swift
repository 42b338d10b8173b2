// Minimizer module: see DESIGN.md
