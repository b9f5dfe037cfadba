from nominate.cli import main

main()
