print("toystudy-bench")
