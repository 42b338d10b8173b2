print("toystudy")
