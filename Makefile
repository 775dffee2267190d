# Shortcuts for the README's commands (the scripts work without make too).
.PHONY: demo test size bench
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
size:
	bash scripts/size.sh
bench:
	bash scripts/bench.sh
