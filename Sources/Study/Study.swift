// Study module: see DESIGN.md
