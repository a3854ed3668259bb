from gradtutor.cli import run

run()
