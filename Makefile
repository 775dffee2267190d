# Shortcuts for the README's commands (the scripts work without make too).
.PHONY: demo test size
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
size:
	bash scripts/size.sh
