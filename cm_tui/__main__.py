from cm_tui.cli import main

raise SystemExit(main())
