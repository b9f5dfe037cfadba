from nominate.entry import main

main()
