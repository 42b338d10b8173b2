// Cluster module: see DESIGN.md
