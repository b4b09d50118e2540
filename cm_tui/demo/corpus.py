"""Hand-written German comments for the sample data, grouped by topic and by kind.

Every text is invented. The mix follows what municipal community managers see every day:
questions for the Bürgerbüro, service reports, praise, harsh but fair criticism, off-topic,
spam, party-political advertising, insults (also obfuscated), personal data, threats, coded
extremist numbers next to harmless numbers, emergencies and hostile markup.
"""

from __future__ import annotations

# Special hostile strings the app must show literally (see GUIDE "Hostile text").
ANSI_TEXT = "\x1b[2J\x1b[1;31mSYSTEM GEHACKT\x1b[0m haha nee Spaß. Hat das Bürgerbüro samstags auf?"
MARKUP_TEXT = "[bold red]GEWINNSPIEL[/] [link=https://gewinn-jetzt.example/xyz]Hier klicken[/link] 👉 iPhone 17 gratis!!!"
BIDI_TEXT = "Schaut mal auf meinen Blog: https://bibliothek-fan.example/\u202egnp.suriv\u202c sehr empfehlenswert"
ZWSP_TEXT = "Lea du bist so ein Opf\u200ber lol 🤡"
ARABIC_TEXT = "مرحبا، أين يمكنني تقديم طلب Wohngeld؟ لغتي الألمانية ليست جيدة. شكرا جزيلا 🙏"
TURKISH_TEXT = "Lea abla çok tatlısın 😍 Ben de belediyede staj yapmak istiyorum, nasıl başvurabilirim?"

# --- Facebook post: Bürgerbüro, neue Öffnungszeiten und Online-Termine ---------------------
BUERGERBUERO = [
    "Endlich kann man online Termine buchen. Hat ja nur 10 Jahre gedauert 😅",
    "Wie lange dauert es momentan bis der neue Personalausweis fertig ist? Brauche ihn im Januar für eine Reise.",
    "Kann man den Reisepass auch ohne Termin beantragen? Online ist bis Februar alles ausgebucht!!",
    "Wo finde ich den Link zur Terminbuchung? Auf der Homepage finde ich nix",
    "Guten Tag, ich bin neu hergezogen (Umzug von HH nach Musterstadt). Muss ich mich innerhalb von 2 Wochen ummelden oder reicht das auch später?",
    "Hat das Bürgerbüro am Donnerstag wirklich bis 18 Uhr auf? Dann schaff ich das nach der Arbeit 👍",
    "Ich warte seit 7 Wochen auf meinen Wohngeldbescheid. Niemand geht ans Telefon. So geht das nicht.",
    "Mein Wohngeld ist immer noch nicht da, bitte überweisen an IBAN DE89 3704 0044 0532 0130 00, Aktenzeichen 50.2-4471/26. Ich brauche das Geld dringend!!",
    "Bitte ruft mich zurück, ich erreiche seit Tagen niemanden: 0171 2345678 (Frau Schröder). Es geht um die Meldebescheinigung.",
    "Kann ich meinen Führerschein auch im Bürgerbüro umtauschen oder muss ich da zur Führerscheinstelle?",
    "Top! Gestern Termin gebucht, heute dran gewesen, 10 Minuten. So muss das 👏",
    "Warum macht ihr das Bürgerbüro in Nord zu?? Für die älteren Leute ohne Auto ist der Weg in die Innenstadt eine Zumutung.",
    "Was ist mit Leuten die kein Internet haben? Meine Oma (84) kann keine Online Termine buchen.",
    "Braucht man für die Abholung vom Perso auch einen Termin?",
    "Die Terminbuchung funktioniert auf dem Handy nicht, der Kalender lädt nicht. iPhone, Safari.",
    "Wird die Wohnungsgeberbestätigung auch digital akzeptiert oder muss das ausgedruckt sein?",
    "Sehr gut gelöst. Die Mitarbeiterinnen im Bürgerbüro waren bei mir immer super freundlich, auch wenn der Laden voll war.",
    "Kann man inzwischen mit Karte zahlen oder nur bar? Letztes Mal musste ich zum Automaten rennen.",
    "Führungszeugnis beantragen geht das online oder muss ich vorbeikommen?",
    "Und wann wird endlich mal was gegen die Wartezeiten bei der Ausländerbehörde gemacht? Da wartet man 5 Monate auf einen Termin.",
    "Bin Jahrgang 1988 und hab noch nie so lange auf einen Pass gewartet wie dieses Jahr. Unglaublich.",
    "Vielen Dank für die Info 🙂",
    "Gilt das auch für Briefwahlunterlagen?",
    "Ist das Standesamt auch betroffen? Wir wollen im Mai heiraten 💍",
    "Frage: Kinderreisepass gibt es ja nicht mehr, was brauchen wir jetzt für unseren Sohn für Italien?",
    "Montag 7:30 bis 12 Uhr, schön und gut, aber wer arbeitet, hat davon nix. Samstag wäre mal was.",
]

# --- Facebook page feed: three posts -----------------------------------------------------
WEIHNACHTSMARKT = [
    "Freu mich schon so 🎄✨ Gibt es wieder die Kinderbahn am Marktplatz?",
    "Glühwein für 5,50 € plus Pfand?? Das ist kein Weihnachtsmarkt mehr, das ist Abzocke.",
    "Wird es wieder den Stand vom Förderverein der Grundschule geben? Die Waffeln waren der Hammer",
    "Wie sieht es mit Parkplätzen aus? Letztes Jahr war alles dicht und die Busse alle 30 min 🙄",
    "Bitte dieses Jahr wieder die Eisbahn! Die Kinder haben davon das ganze Jahr erzählt.",
    "Schöne Bilder 😍",
    "Ist der Markt barrierefrei? Mein Mann sitzt im Rollstuhl und letztes Jahr waren die Kabelbrücken echt ein Problem.",
    "Deutsche Weihnacht statt 'Wintermarkt', sonst kommen wir nicht. 88",
    "Wann ist denn die Eröffnung mit dem Posaunenchor?",
    "Gibts auch vegane Stände? 🌱",
    "Hoffentlich ist der Security-Dienst wieder da, letztes Jahr gab es am Wochenende echt Stress am Brunnen.",
]
STRASSENSANIERUNG = [
    "Endlich wird die Lindenallee gemacht, da bricht man sich ja jeden Tag fast das Rad.",
    "Wie sollen wir Anwohner denn zu unseren Garagen kommen? Ich wohne Lindenallee 88 und hab davon nur aus Facebook erfahren!",
    "Vollsperrung bis April?? Wer plant sowas? Der Schulbus fährt da lang!",
    "Schlagloch in der Bachstraße höhe Hausnummer 12, da ist gestern einer mit dem Roller gestürzt. Bitte auch anschauen!",
    "Warum immer im Winter? Im Sommer hätte man das doch viel schneller machen können.",
    "Danke fürs rechtzeitige Informieren, so kann man sich wenigstens einstellen.",
    "Gibt es eine Umleitung für den Lieferverkehr? Wir haben eine Bäckerei in der Lindenallee und bekommen morgens um 4 Ware.",
    "Die Straßenlaterne vor Nr. 23 ist seit drei Wochen aus. Schon zweimal gemeldet, passiert nichts.",
    "Also ehrlich, erst die Kanalarbeiten, dann wieder zu, jetzt wieder auf. Koordiniert sich da mal jemand mit den Stadtwerken?",
    "Wer zahlt die Straßenausbaubeiträge? Wir Anlieger oder die Stadt?",
    "Super, dass auch gleich die Bordsteine abgesenkt werden ♿👍",
]
KITA = [
    "Portal geht nicht, nach dem Login kommt nur 'Fehler 500'. Bei uns ist die Anmeldefrist bald um!",
    "Wir stehen seit 14 Monaten auf der Warteliste für einen U3-Platz. Die Anmeldung ist das eine, Plätze wären das andere.",
    "Kann ich mehrere Wunsch-Kitas angeben oder nur eine?",
    "Danke! Ging bei uns in 5 Minuten, sehr übersichtlich gemacht 👍",
    "Wie ist das mit Geschwisterkindern, werden die bevorzugt?",
    "Ich bin alleinerziehend und Vollzeit berufstätig, gibt es da eine Härtefallregelung?",
    "Wann bekommen wir denn eine Zusage? Ich muss meinem Arbeitgeber Bescheid geben wann ich wiederkomme.",
    "Die Kita-Gebühren in Musterstadt sind die höchsten im ganzen Kreis. Schämt euch.",
    "Gibt es das Portal auch auf Englisch? My wife doesn't speak German yet.",
    "Muss ich für die Anmeldung das Impfbuch hochladen (Masern)?",
    "Unser Kleiner ist im März geboren, können wir ihn schon jetzt für August 2027 anmelden?",
]
SPERRMUELL = [
    "Bei uns in der Kastanienstraße steht seit zwei Wochen ein Sofa am Straßenrand, war nicht angemeldet. Wer holt das?",
    "Kann man Grünschnitt auch am Wertstoffhof abgeben oder nur bei der Sammlung?",
    "Wieso ist der Wertstoffhof samstags nur bis 12 Uhr auf? Total unpraktisch.",
    "Die Gelben Säcke wurden bei uns im Birkenweg schon wieder nicht abgeholt 😤",
    "Wie viele Sperrmülltermine hat man pro Jahr frei?",
    "Jemand hat im Wald hinter dem Sportplatz Bauschutt und Reifen abgeladen. Foto hab ich, an wen schick ich das?",
    "Danke an die Jungs von der Müllabfuhr, immer freundlich und zuverlässig 💪",
    "Glascontainer am Edeka quillt über, überall Scherben, gefährlich für Hunde.",
    "Elektroschrott kommt auch mit oder extra?",
    "Mal eine Idee: eine App mit Push-Erinnerung an die Abfuhrtermine wäre toll.",
    "Wurde bei uns die Biotonne vergessen oder ist das jetzt 14-tägig im Winter?",
    "In der Rosenstraße ist die Laterne an der Bushaltestelle kaputt, total dunkel morgens für die Schulkinder.",
]
WINTERDIENST = [
    "Bei uns im Ahornweg wurde noch nie geräumt. Nie. In 12 Jahren nicht.",
    "Danke an den Winterdienst! Um 5 Uhr schon unterwegs, Respekt 👏❄️",
    "Wer ist eigentlich für den Gehweg vor dem Haus zuständig, Mieter oder Vermieter?",
    "Die Radwege werden immer als letztes geräumt, typisch.",
    "Kann man irgendwo melden, wenn eine Straße glatt ist? Am Berg vor der Realschule ist es spiegelglatt.",
    "Streusalz ist schlecht für die Bäume, bitte mehr Splitt nehmen!",
    "Am Stadtsee ist gerade ein Hund aufs Eis gelaufen und eingebrochen, der Besitzer will hinterher!! Ruft wer die 112???",
    "Letzten Winter lag in der Goethestraße 3 Tage Schnee. Ich bin gespannt.",
    "Schön erklärt, danke fürs Video 👍",
    "Und wer haftet wenn ich auf dem ungeräumten städtischen Parkplatz hinfalle?",
]

# --- Instagram: the city account and firefighter Jana Becker -------------------------------
IG_CITY = [
    "Wunderschön 😍😍",
    "Mein Lieblingsplatz in Musterstadt ❤️",
    "Was für ein Licht 🔥",
    "Heimat 🥹",
    "Wo genau ist das aufgenommen? Am Nordufer?",
    "Schönes Foto, aber der Müll am Ufer wird nicht gezeigt 😉",
    "Und der Steg ist immer noch gesperrt, oder?",
    "@lena.fotografiert guck mal, da müssen wir hin",
    "Beste Stadt 🙌",
    "💙💛",
    "Ich vermisse Musterstadt so sehr, wohne jetzt in München 😢",
    "Könnt ihr mehr Bilder vom Altstadtfest posten?",
    "Schön wärs wenn die Stadt mal so viel in den ÖPNV steckt wie in Insta-Bilder.",
]
IG_JANA = [
    "Mega spannend! Wie lange dauert die Ausbildung zur Berufsfeuerwehrfrau?",
    "Danke für euren Einsatz, ihr seid Heldinnen und Helden ❤️🚒",
    "Wie schwer ist so ein Atemschutzgerät eigentlich?",
    "Respekt Jana 💪 Meine Tochter will jetzt auch zur Feuerwehr",
    "Bei euch in der Wache suchen sie doch auch Ehrenamtliche, oder? Wie melde ich mich?",
    "Toller Account, endlich mal echte Einblicke 👏",
    "Was macht ihr eigentlich wenn ihr gerade keinen Einsatz habt? 😄",
    "Frauen bei der Feuerwehr... na ob das gut geht 🙄",
    "Gehst du auch mal mit auf Drehleiter-Einsätze?",
    "Kommt ihr auch mal in Kitas vorbei? Unsere Gruppe würde sich riesig freuen!",
    "Wie geht ihr mit belastenden Einsätzen um? Gibt es da Unterstützung?",
    "Schönes Lächeln 😘 schreib mir mal privat",
    "Gerade steigt Rauch aus dem Dach Birkenweg 14, da ist niemand zu Hause glaub ich!! Ist schon wer unterwegs??",
    "Jana pass bloß auf wenn du nachts von der Wache heimfährst. Wir wissen wo du wohnst.",
    "Die Feuerwehr kam bei meiner Nachbarin 20 Minuten zu spät. Fotos posten könnt ihr aber.",
    "Welche Sportprüfung muss man für die Einstellung bestehen?",
    "🔥🔥🔥",
    "Danke, dass ihr letzte Woche bei uns so schnell da wart (Küchenbrand Weststadt). Alles gut gegangen ❤️",
]

# --- YouTube: two videos of the city channel --------------------------------------------
YT_TERMINE = [
    "Gut erklärt, danke! Bei Minute 2:15 sieht man, wo man den Ausweis hochladen muss.",
    "Leider fehlt der Hinweis, dass man mit Firefox die Bestätigungsmail nicht bekommt.",
    "Warum braucht man für jede Kleinigkeit ein Konto? Ich will nur einen Termin.",
    "Sehr hilfreich, hab direkt gebucht ✅",
    "Die Musik im Hintergrund ist viel zu laut, man versteht die Sprecherin kaum.",
    "Kann man den Termin auch für jemand anderen buchen (für meine Mutter)?",
    "Wer hat sich dieses Portal ausgedacht? Drei Klicks und man fliegt raus. Steuergeld verbrannt.",
    "Untertitel wären super für Gehörlose 👍",
    "Geht das auch mit der BundID?",
    "👍👍",
]
YT_IMAGEFILM = [
    "Schöner Film! Da bekommt man richtig Lust auf Musterstadt ❤️",
    "Wer hat die Drohnenaufnahmen gemacht? Super Qualität.",
    "Schön geschnitten, aber die Wirklichkeit sieht anders aus: Leerstand in der Fußgängerzone ohne Ende.",
    "Ich bin 1975 hier geboren und erkenne manche Ecken kaum wieder 😮",
    "Was hat der Film gekostet? Würde mich als Steuerzahler interessieren.",
    "Gänsehaut beim Blick über den Stadtsee 🥹",
    "Sehr gelungen! Grüße aus der Partnerstadt 🇫🇷",
    "Bei 0:42 ist meine alte Schule zu sehen 😄",
]

# --- Mastodon: Bürgerversammlung Klimaschutzkonzept -----------------------------------------
MASTODON = [
    "Gibt es einen Livestream oder eine Aufzeichnung? Ich kann leider erst ab 20 Uhr.",
    "Schön, dass die Stadt hier im Fediverse ist 🐘 Danke!",
    "Wird das Konzept vorher als PDF veröffentlicht? Würde mich gern vorbereiten.",
    "Was ist mit der Wärmeplanung? Die Leute wollen wissen, ob sie jetzt noch eine Gasheizung einbauen dürfen.",
    "Der Entwurf ist ziemlich unambitioniert. Klimaneutral 2045 heißt im Klartext: nichts passiert vor 2035.",
    "Ist der Saal barrierefrei und gibt es Gebärdensprachdolmetschung?",
    "Bitte die Folien danach hochladen 🙏",
    "Wer moderiert die Veranstaltung?",
    "Man könnte mit Photovoltaik auf allen Schuldächern anfangen. Die Grundschule Nord hat immer noch keine.",
    "Are there English materials? I'm an Erasmus student living here.",
    "Wieder nur reden statt machen. Aber gut, ich komme trotzdem.",
    "Gibt es Fahrradstellplätze am Bürgerhaus? Letztes Mal war alles voll.",
]

# --- X: the library's librarian ------------------------------------------------------------
X_LIBRARY = [
    "Gaming-Zone in der Bibliothek? Find ich super, endlich ein Grund für meine Kids mitzukommen 🎮",
    "Und die Öffnungszeiten am Samstag? Immer noch nur bis 13 Uhr?",
    "Statt Konsolen hättet ihr lieber mehr Personal einstellen sollen. Die Fernleihe dauert Wochen.",
    "Großartig! Gibt es auch Brettspielabende?",
    "Ist das Lesecafé auch ohne Bibliotheksausweis nutzbar?",
    "Steuergeld für Playstations. Ihr habt den Schuss nicht gehört.",
    "Die Onleihe funktioniert seit dem Update nicht mehr auf meinem Tolino. Bekannt?",
    "Liebe Miriam, danke für die tolle Lesung letzte Woche, die Kinder waren begeistert 📚",
    "Gibt es noch Plätze im Englisch-Lesekreis?",
    "Kann man den Ausweis auch online verlängern? Meiner ist im Dezember abgelaufen.",
    "Wann kommt endlich WLAN im 2. OG, das ist seit Monaten kaputt",
]

# --- TikTok: trainee Lea Yilmaz -------------------------------------------------------------
TIKTOK_LEA = [
    "wie cool ist das bitte 😭 will auch im rathaus arbeiten",
    "welcher ausbildungsberuf ist das genau?",
    "kann man sich noch für 2027 bewerben??",
    "cringe 💀",
    "du erklärst das so gut haha",
    "Lea for Bürgermeisterin 👑",
    "ist das nicht voll langweilig den ganzen tag akten?",
    "was verdient man da in der ausbildung",
    "hahahaha der stempel am ende 😂😂",
    "mehr davon!!",
    "bro ich war gestern im bürgerbüro und die waren so unfreundlich 😐",
    "welche schulabschluss braucht man",
    "ok ich bewerbe mich 🫡",
    "sag mal wo gibts die coolen kulis 👀",
    "Verwaltung auf TikTok, was kommt als nächstes, Finanzamt macht Dances? 😂",
    "wie alt bist du",
    "Du bist so sympathisch 🥰",
    "Teil 2 bitte!!",
]

# --- LinkedIn: urban planner Tobias Kern ---------------------------------------------------
LINKEDIN_TOBIAS = [
    "Spannendes Projekt, Tobias! Wie bindet ihr die Eigentümer im Bahnhofsviertel konkret ein?",
    "Sehr gute Beteiligungsformate. Habt ihr Erfahrungen mit digitalen Tools wie DIPAS gesammelt?",
    "Glückwunsch an das ganze Team der Stadtplanung 👏",
    "Wie hoch war die Beteiligung bei den Spaziergängen? Wir planen in unserer Kommune etwas Ähnliches.",
    "Mutig, die Verkehrsflächen so deutlich zu reduzieren. Wie reagiert der Einzelhandel?",
    "Danke fürs Teilen. Bin gespannt auf den Rahmenplan-Entwurf im Frühjahr.",
    "Ich vermisse im Konzept bezahlbaren Wohnraum. Schöne Plätze allein lösen das Problem nicht.",
    "Toller Beitrag. Dürfen wir den in unserem Newsletter der Architektenkammer verlinken?",
    "Wäre eine Mehrfachbeauftragung nicht sinnvoller gewesen als ein klassischer Wettbewerb?",
]

# --- Generic CSV: tourism channels (Stadtmarketing) -----------------------------------------
TOURISMUS = [
    "Gibt es Stadtführungen auch auf Englisch?",
    "Wir kommen im Dezember mit der Familie, welche Hotels könnt ihr empfehlen?",
    "Die Nachtwächterführung war toll, sehr zu empfehlen!",
    "Ist das Stadtmuseum montags geöffnet?",
    "Warum gibt es am Bahnhof keine Touristinfo mehr? Man steht da völlig verloren.",
    "Das Altstadtfest war dieses Jahr viel zu laut und viel zu teuer.",
    "Schöne Grüße aus Sachsen, wir waren begeistert von eurer Altstadt 😊",
    "Sind Hunde bei der Stadtführung erlaubt? 🐶",
    "Wo kann man im Zentrum kostenlos parken?",
    "Kann man die Turmbesteigung vorher buchen?",
]

# --- Generic JSONL: Ordnungsamt channel ------------------------------------------------------
ORDNUNGSAMT = [
    "Vor der Grundschule Süd parken jeden Morgen Eltern im Halteverbot, gefährlich für die Kinder. Bitte mal kontrollieren!",
    "Die Nachbarn feiern jedes Wochenende bis 3 Uhr. Wen ruft man da an, Ordnungsamt oder Polizei?",
    "Immer nur Knöllchen verteilen, aber bei den Rasern in der Südstraße passiert nix.",
    "Im Park an der Mühle liegen überall Spritzen, bitte dringend wegräumen, da spielen Kinder!",
    "Danke fürs schnelle Kommen gestern wegen dem Falschparker in unserer Einfahrt 👍",
    "Wie beantrage ich eine Halteverbotszone für unseren Umzug?",
    "Darf ich Silvester im Innenhof Raketen zünden?",
    "Ein Auto ohne Kennzeichen steht seit 6 Wochen in der Gartenstraße 5.",
    "Ich wurde heute von einer Mitarbeiterin des Ordnungsamts total herablassend behandelt.",
    "Wer ist für verwahrloste Grundstücke zuständig? Bei uns wuchert alles über den Gehweg.",
]

# --- Facepager (Facebook post about the library's new hours) ---------------------------------
BIBLIOTHEK_FB = [
    "Endlich länger offen, danke! Zum Lernen ist das perfekt.",
    "Sonntags auch? Das wäre ein Traum.",
    "Werden dafür Stellen geschaffen oder müssen die gleichen Leute jetzt mehr arbeiten?",
    "Die Selbstverbuchung ist super, aber der Rückgabeautomat ist ständig kaputt.",
    "Gibt es Gruppenarbeitsräume zum Buchen?",
    "Toll. Aber bitte auch mal an die Außenstelle Nord denken, die hat nur 2 Tage offen.",
    "Wie teuer ist der Ausweis für Studierende?",
    "Die Toiletten im Erdgeschoss sind seit Wochen gesperrt, nur mal so.",
    "Ihr seid die Besten 📚❤️",
    "Nimmt die Bibliothek Buchspenden an? Ich habe zwei Kisten Kinderbücher.",
]

# --- General pools used across channels --------------------------------------------------
PRAISE = [
    "Danke für die Info!",
    "Super, weiter so 👍",
    "Tolle Arbeit, liebe Stadtverwaltung!",
    "Endlich mal eine gute Nachricht 😊",
    "Klasse, so stell ich mir Bürgernähe vor.",
    "Daumen hoch 👍👍",
    "Sehr informativ, danke!",
    "Wirklich gut gemacht ❤️",
]
CRITICISM = [
    "Schöne Worte, aber passieren tut wieder nichts.",
    "Und wer bezahlt das am Ende? Richtig, wir Bürger.",
    "Das hätte man auch vor einem Jahr ankündigen können.",
    "Ich finde das ehrlich gesagt eine Frechheit, wie hier mit den Anwohnern umgegangen wird.",
    "Die Kommunikation der Stadt ist mal wieder unterirdisch.",
    "Mit Verlaub, der Stadtrat hat da komplett am Bedarf vorbei entschieden.",
    "Antwortet hier eigentlich auch mal jemand auf Fragen? Seit 2 Tagen keine Reaktion.",
]
OFFTOPIC = [
    "Weiß jemand, ob der Rewe am Markt heute länger auf hat?",
    "Hat jemand eine schwarze Katze in der Weststadt gesehen? Sie heißt Mimi und ist seit Sonntag weg 😿",
    "Wann wird eigentlich das Freibad saniert?",
    "Suche Nachhilfe in Mathe für meinen Sohn (8. Klasse), gerne PN",
    "Off-Topic aber: Warum ist die Ampel an der Schillerstraße nachts aus?",
    "Wer hat gestern den Feuerwerk-Lärm gemacht? Mitten in der Woche!",
    "Gibt es in Musterstadt eigentlich einen Repair-Café?",
]
SPAM = [
    "💰 Ich habe mit Bitcoin-Trading in 2 Wochen 4.800 € verdient! Schreibt mir eine DM und ich zeige euch wie 📈",
    "Hey! Dein Profil gefällt mir 😍 Schreib mir auf WhatsApp +44 7700 900123",
    "Günstige Markensneaker -70% 👉 www.sneaker-outlet-deal.example",
    "Ich empfehle jedem Herrn Dr. Markus Kraft, er hat mir geholfen mein Geld zurückzuholen. Kontakt per DM 🙏",
    "Verdiene 300€ am Tag von zuhause, kein Risiko. Link in Bio!!!",
    "Folge mir für mehr Inhalte 🔥🔥 follow4follow",
    "Wir suchen Produkttester in Ihrer Region! Einfach per DM melden 📦",
    "Kostenlose Krypto-Signale in unserer Telegram-Gruppe, nur heute 100% Gewinn garantiert 🚀",
]
POLITICAL = [
    "Am 8. März Liste 4 wählen – nur mit uns wird die Hauptstraße wieder lebenswert! #WirFürMusterstadt",
    "Die Bürgerliste Musterstadt fordert schon seit Jahren mehr Personal im Bürgerbüro. Am 8. März habt ihr die Wahl!",
    "Kommt alle zu unserem Infostand am Samstag auf dem Markt. Eure Freie Liste 🗳️",
    "Diese Stadtspitze muss weg. Wählt die Alternative!",
]
INSULTS = [
    "Ihr seid doch alle I d i o t e n da im Rathaus",
    "Was für ein A*loch hat sich das ausgedacht",
    "Vollpf0sten, alle miteinander.",
    "Sesselfurzer! Sollen mal richtig arbeiten gehen.",
    "Die Bürgermeisterin ist so dumm wie ein Stück Brot.",
    "halt die fresse du spast",
    "Sch€iss Verwaltung, sch€iss Stadt.",
    "Ihr 1d10ten kriegt doch gar nix gebacken",
    "Du dumme K*h, geh zurück in deine Amtsstube",
    "V.e.r.b.r.e.c.h.e.r.b.a.n.d.e. alle zusammen",
]
