"""The phrases the demo's stories are made of.

`ANGLES` holds, per section, a few kinds of story (a council scheme, a match
report, a new business...), each with its own headlines, standfirsts, leads,
details, reactions and topics, so the parts of one story agree with each other.
`KIND` holds what every story of a section may share (background, closing
lines, headings, captions), and `SHARED` the stock every rule can use.

Bindings the writer supplies for every story: place, county, paper, person,
person_last, person_they, person_their, other, other_last, other_they,
other_their, councillor, councillor_last, club, rival, firm, developer, venue, street,
number, jobs, amount, year, score_for, score_against.
"""

SHARED = {
    "day_word": ["tonight", "tomorrow", "this weekend", "from midday"],
    "day": ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "at the weekend", "last week"],
    "soon": ["in the coming weeks", "before the end of the year", "next month", "early in the new year", "by spring"],
    "residents": ["residents", "local people", "householders", "families in the area", "neighbours"],
    "residents_cap": ["Residents", "Local people", "Householders", "Dozens of people"],
    "concern": ["concern", "frustration", "unease", "anger", "disappointment"],
    "meeting": [
        "a meeting of the municipal district",
        "the monthly council meeting",
        "a special meeting of councillors",
        "a packed public meeting in {venue}",
    ],
    "official_cap": ["A council spokesperson", "The county's director of services", "A senior council engineer"],
    "council_cap": ["Fernmoor County Council", "The county council"],
    "adj_busy": ["busy", "narrow", "well-used", "congested"],
    "years": ["twelve", "twenty", "thirty", "forty", "fifteen", "eight"],
    "age": ["twenties", "thirties", "forties", "fifties", "sixties"],
    "minutes": ["four", "six", "eight", "eleven", "two", "fifteen"],
    "percent": ["four", "seven", "nine", "twelve", "fifteen", "three"],
    "generic_close": [
        "The {paper} will follow the story as it develops.",
        "Anyone with information or views can contact the newsroom.",
        "Further details are expected {soon}.",
    ],
    "caption_generic": [
        "A view over {place}, where the story has been the talk of the town.",
        "{place} on a quiet afternoon this week.",
        "The scene in {place} earlier this month.",
        "Looking across {place} towards the hills.",
    ],
    "facility": ["library", "playground", "community centre", "swimming pool", "health centre", "skate park"],
    "incident": ["a break-in", "a collision", "criminal damage", "a fire at a derelict building", "a theft of tools"],
    "trade": [
        "software company",
        "food producer",
        "engineering firm",
        "furniture maker",
        "craft brewery",
        "boatbuilder",
    ],
    "charity": [
        "the local hospice",
        "the mountain rescue team",
        "the children's ward at the county hospital",
        "the lifeboat station",
        "a mental health charity",
    ],
    "landmark": ["bandstand", "market house", "old railway station", "harbour lighthouse", "town clock", "mill wheel"],
    "topic_opinion": [
        "rural transport",
        "housing for young people",
        "empty shops",
        "the health service",
        "rising rents",
        "the state of our roads",
        "climate and the coast",
        "local democracy",
    ],
    "sport_name": ["hockey", "camogie", "rugby", "football", "basketball"],
    "age_group": ["under-14", "under-16", "minor", "under-18", "women's", "junior"],
}

ANGLES = {
    "news": {
        "scheme": {
            "headline": [
                "Councillors back {amount} plan for {street} in {place}",
                "Work to begin on {street} upgrade after years of delay",
                "{place} to get new {facility} under council plan",
                "Council confirms {amount} for {place} road safety works",
                "{place} footpath scheme wins approval after {number}-month wait",
                "{street} in {place} to close for {number} weeks of works",
                "Councillor {councillor_last} welcomes {amount} for {place} streets",
            ],
            "standfirst": [
                "The decision follows {number} months of consultation and a petition signed by hundreds of "
                "{residents}.",
                "Councillor {councillor} said the plan was overdue, but some {residents} say it does not go far "
                "enough.",
                "Officials say work could start {soon}, though funding has yet to be confirmed in full.",
            ],
            "lead": [
                "Councillors in {county} have approved {amount} for works on {street} in {place}, ending a dispute "
                "that has run for more than {number} months.",
                "{council_cap} has confirmed it will spend {amount} in {place}, with work on {street} first in line.",
            ],
            "detail": [
                "The scheme includes wider footpaths, a new pedestrian crossing near the school and resurfacing of "
                "the {adj_busy} junction at the top of {street}.",
                "According to a report presented to councillors, the work would take around {number} weeks and "
                "would be carried out in phases to keep traffic moving.",
                "{person}, who has lived on {street} for {years} years, said the situation had become "
                "\u201cimpossible\u201d for older people and parents with buggies.",
                "Councillor {councillor} told {meeting} that the town had waited long enough and that the money "
                "should not be allowed to slip into next year's budget.",
                "A survey carried out last year found that more than half of the drivers on {street} were "
                "travelling above the speed limit at peak times.",
                "Officials said a report on costs would come back to councillors {soon}, once tenders have been "
                "assessed.",
            ],
            "reaction": [
                "{official_cap} said the council was \u201cfully committed\u201d to the project and would keep "
                "{residents} informed as it progressed.",
                "{other}, a parent of two, said the change could not come soon enough. \u201cYou take your "
                "life in your hands crossing that road at half eight in the morning,\u201d {other_they} said.",
            ],
            "topics": ["Roads and transport", "County council", "Town centre"],
        },
        "planning": {
            "headline": [
                "{number} objections lodged against {place} housing scheme",
                "Planning permission granted for {number} homes at {place}",
                "Decision on {place} housing plan delayed again",
                "{developer} plan for {place} goes back to the drawing board",
                "{place} neighbours fight plan for {number} houses off {street}",
                "Councillors defer vote on {place} housing scheme",
            ],
            "standfirst": [
                "{residents_cap} packed {venue} to hear the proposals and make their views known.",
                "The developer says the homes are badly needed; neighbours fear for roads and schools.",
            ],
            "lead": [
                "Plans for {number} new homes on the edge of {place} have cleared their first hurdle, despite "
                "objections from {residents} on {street}.",
                "A decision on a large housing scheme in {place} has been put back again after councillors asked "
                "for more information at {meeting}.",
            ],
            "detail": [
                "The developer, {developer}, says the homes would include a mix of family houses and smaller "
                "apartments for older people wishing to downsize.",
                "The council received {number} submissions during the consultation, most of them from people "
                "living within a mile of the site.",
                "Objectors say the roads around {street} cannot take more traffic and that the primary school is "
                "already full.",
                "Planners have asked for a revised traffic study and for more detail on how surface water would "
                "be managed.",
                "If approved, building could begin within a year, with the first homes ready {soon} after that.",
            ],
            "reaction": [
                "Not everyone is convinced. \u201cWe have heard promises before,\u201d said {other}, who chairs "
                "the {place} residents' association. \u201cWe will hold them to it.\u201d",
                "Councillor {councillor} said the county needed homes, but \u201cthey have to come with schools, "
                "roads and doctors, not instead of them\u201d.",
            ],
            "topics": ["Planning", "Housing"],
        },
        "court": {
            "headline": [
                "Man appears in court after incident in {place}",
                "Police appeal for witnesses after {incident} on {street}",
                "Woman in court over {place} shop thefts",
                "{place} break-in: police seek help tracing stolen tools",
                "Man remanded on bail over {street} collision in {place}",
                "Appeal for dash-cam footage after {place} incident",
            ],
            "standfirst": [
                "The case was adjourned and the accused was released on bail.",
                "Police are asking anyone who was in the area to come forward.",
            ],
            "lead": [
                "A man in his {age} has been charged after {incident} on {street} in {place} {day}.",
                "Police in {place} are appealing for witnesses after {incident} on {street} in the early hours.",
            ],
            "detail": [
                "The accused was remanded on bail to appear again at {place} District Court {soon}; no plea was "
                "entered.",
                "Emergency services were at the scene for several hours and the road was closed while an "
                "examination took place.",
                "Police said they were keen to hear from motorists with dash-cam footage recorded between "
                "midnight and 3am.",
                "The court heard that the accused had no previous convictions and was in full-time work.",
                "Neighbours said the area was normally quiet and that the incident had shaken many of them.",
            ],
            "reaction": [
                "A police spokesperson said inquiries were continuing and that the incident was believed to be "
                "isolated.",
                "Councillor {councillor} called for more patrols in the town centre in the evenings.",
            ],
            "background": [
                "It is the third incident of its kind reported in {place} this year.",
                "Local representatives say police numbers in the district have fallen since {year}.",
            ],
            "quote": [
                "It was a frightening night for everyone on the street.",
                "We are following a number of lines of inquiry and would ask anyone with information to come forward.",
            ],
            "attribution": ["{person}, a neighbour", "A police spokesperson"],
            "heading": ["The investigation", "In court"],
            "next": [
                "Anyone with information is asked to contact {place} police station.",
                "The case is due back before the court {soon}.",
            ],
            "topics": ["Courts", "Policing"],
        },
        "weather": {
            "headline": [
                "Weather warning for {place} as storm heads for {county}",
                "Flood defences for {place} move a step closer",
                "Clean-up under way after flooding in {place}",
                "{street} under water as river rises in {place}",
                "Schools closed in {place} as storm brings down trees",
                "{amount} flood scheme for {place} reaches design stage",
                "Yellow wind warning for {county} coast {day_word}",
                "Met service warns of gales for {place} and the coast",
            ],
            "standfirst": [
                "Forecasters expect gusts of up to 110km/h along the coast.",
                "Homes and businesses were flooded for the second time in three years.",
            ],
            "lead": [
                "Forecasters have warned of heavy rain and strong winds across {county}, with low-lying parts of "
                "{place} most at risk of flooding.",
                "A clean-up is under way in {place} after the river burst its banks overnight, flooding homes and "
                "shops on {street}.",
            ],
            "detail": [
                "Sandbags are available from the council depot, and {residents} are advised to keep drains and "
                "gullies clear where they can do so safely.",
                "The council's emergency team met on Thursday morning and crews are on standby across the county.",
                "Several roads were closed and school buses were cancelled on the worst-affected routes.",
                "A flood relief scheme for {place} has been in planning since {year} and is now at detailed design.",
                "Shopkeepers on {street} spent the day mopping out and counting the cost of ruined stock.",
            ],
            "reaction": [
                "{person}, whose shop was flooded, said it was \u201cheartbreaking to go through it all again\u201d.",
                "{official_cap} said the flood scheme remained a priority and funding had been ring-fenced.",
            ],
            "background": [
                "{place} last flooded badly in {year}, when dozens of homes were evacuated.",
                "Parts of {place} sit below the level of the river at high tide.",
            ],
            "quote": [
                "We have been through this before, but you never get used to it.",
                "Crews will be out all night, and we would ask people to stay away from the river.",
            ],
            "attribution": ["{person}, a {place} shopkeeper", "{official_cap}"],
            "heading": ["The forecast", "The clean-up"],
            "next": [
                "The council's emergency line is open through the night.",
                "Forecasters expect conditions to ease {day_word}.",
            ],
            "topics": ["Weather", "Flooding"],
        },
        "services": {
            "headline": [
                "Waiting lists at {place} clinic under scrutiny",
                "Bus service to {place} to be cut, operator confirms",
                "{place} residents raise {concern} over water outages",
                "New school building for {place} approved at last",
                "Fewer buses for {place} villages from next month",
                "{place} clinic wait reaches {number} weeks",
                "Water cut to {number} homes in {place} for fourth time",
            ],
            "standfirst": [
                "The issue has divided opinion in {place}, with support from some and {concern} from others.",
                "Families say they have been left without answers for too long.",
            ],
            "lead": [
                "{residents_cap} in {place} have voiced {concern} about local services, saying things have grown "
                "worse over the past year.",
                "Plans to reduce the bus service between {place} and Fernmoor town have been confirmed, leaving "
                "some villages with two buses a day.",
                "A new building for {place}'s primary school has been approved, replacing prefabs in use since {year}.",
            ],
            "detail": [
                "Patients at the {place} clinic wait an average of {number} weeks for a routine appointment.",
                "The operator blamed rising costs and falling passenger numbers outside school terms.",
                "Parents say pupils have been taught in temporary classrooms for more than a decade.",
                "Water supplies were cut to about {number} homes four times in the past month.",
                "Older people who do not drive say the changes leave them cut off from shops and appointments.",
            ],
            "reaction": [
                "{other}, a parent, said the news was \u201clong overdue but very welcome\u201d.",
                "A spokesperson for the service said it was working to reduce delays and apologised for the "
                "inconvenience.",
            ],
            "topics": ["Health services", "Buses and rail", "Schools", "Water supply"],
        },
    },
    "sport": {
        "match": {
            "headline": [
                "{club} edge past {rival} in {place} thriller",
                "Late goal sends {club} into cup semi-final",
                "{person} on target as {club} ease past {rival}",
                "{club} clinch league title with a game to spare",
                "Battling {club} hold off {rival} to take the points",
                "{club} {score_for}-{score_against} {rival}: {person_last} settles it late",
                "{rival} stunned as {club} snatch derby win",
                "Ten-man {club} dig deep against {rival}",
                "{club} keep promotion hopes alive at {venue}",
            ],
            "standfirst": [
                "A {score_for}-{score_against} win keeps {club} firmly in the hunt for promotion.",
                "{rival} had the better of the first half, but {club} finished the stronger side.",
                "{person} was the difference on a cold, blustery afternoon at {venue}.",
            ],
            "lead": [
                "{club} came from behind to beat {rival} {score_for}-{score_against} at {venue} on Saturday, with "
                "{person} scoring the winner {minutes} minutes from time.",
                "There was little to separate the sides for long spells at {venue}, but {club} showed the greater "
                "composure when it mattered, winning {score_for}-{score_against}.",
            ],
            "detail": [
                "The visitors started brightly and went ahead after {minutes} minutes, when a corner was only half "
                "cleared and their captain drove the ball low into the net.",
                "{club} levelled before the break through {other}, who finished neatly after a fine move down the "
                "left.",
                "Conditions were difficult, with a strong wind blowing straight down the pitch and heavy showers "
                "in the second half.",
                "{rival} pressed hard in the closing stages and forced two good saves from the home goalkeeper.",
                "{person} has been in outstanding form this season, with {number} goals in all competitions.",
                "A crowd of around a thousand turned out at {venue}, the biggest for a league game there in years.",
            ],
            "reaction": [
                "Manager {other_last} praised the spirit of {other_their} young side: \u201cThey never stopped "
                "running,\u201d {other_they} said.",
                "{rival} will feel hard done by, having hit the woodwork twice in the second half.",
            ],
            "topics": ["Football", "Rugby", "Hurling and camogie", "Hockey"],
        },
        "running": {
            "headline": [
                "{place} runner {person} takes county title",
                "{person} sets course record at {place} 10k",
                "Gold for {person} at county championships",
                "{place} club sweeps the board at junior athletics finals",
            ],
            "standfirst": [
                "It has been a remarkable year for the {place} athlete.",
                "Months of hard training paid off on a muddy course.",
            ],
            "lead": [
                "{place}'s {person} produced a superb final lap to win the county title in a time that surprised "
                "even {person_their} coach.",
                "{person} of {place} ran away from the field in the second half of the race to win by almost a minute.",
            ],
            "detail": [
                "More than {number} clubs took part, with races running from nine in the morning until dusk.",
                "{person_last} only took up the sport four years ago, after a friend persuaded {person_them} to "
                "join a beginners' group.",
                "The course was heavy after a week of rain, and several favourites struggled on the final climb.",
                "Coach {other} said {person_last} had trained through the winter on the hills above {place}.",
            ],
            "reaction": [
                "{person_last} was quick to credit {person_their} clubmates and coach {other}.",
                "Club chairperson {other} said the result was reward for years of work by volunteers.",
            ],
            "topics": ["Athletics", "Walking and outdoors"],
        },
        "rowing": {
            "headline": [
                "Rowing: {place} crew take gold at regional regatta",
                "{place} rowers bring home {number} medals",
            ],
            "standfirst": ["Months of early mornings on the water paid off at last."],
            "lead": [
                "A {place} crew took gold at the regional regatta on Sunday, beating boats from much bigger clubs.",
                "Rowers from {place} came home with a haul of medals from the regional championships {day}.",
            ],
            "detail": [
                "Coach {other} said the squad had put in months of early mornings on the water to prepare.",
                "More than {number} clubs took part, with races running from nine in the morning until dusk.",
                "The club's boathouse was rebuilt in {year} after years of fundraising by members.",
            ],
            "reaction": ["Club chairperson {other} said the result was reward for years of work by volunteers."],
            "topics": ["Rowing"],
        },
        "club": {
            "headline": [
                "{club} appoint {person} as new manager",
                "Funding boost for {club} pitch project",
                "{club} youth side reach all-county final",
                "{club} unveil plans for new clubhouse",
                "{person} steps down after {number} years at {club}",
                "Floodlights go up at last for {club}",
            ],
            "standfirst": [
                "The {age_group} side have been the story of the season in {place}.",
                "It has been a season of highs and lows, and the club hopes this marks a new start.",
            ],
            "lead": [
                "{club} have named {person} as their new manager, ending a search that began when the previous "
                "management team stepped down in the summer.",
                "{club}'s long-running plan for a new all-weather pitch has been given a lift with a grant of "
                "{amount} from the county sports partnership.",
                "{club}'s {age_group} {sport_name} team have reached the all-county final for the first time.",
            ],
            "detail": [
                "The club, which fields {number} teams from under-eights to adults, has been training on borrowed "
                "pitches for much of the winter.",
                "The new pitch will have floodlights and changing rooms, and will be shared with local schools.",
                "{person} played for the club for more than a decade before moving into coaching.",
                "The young squad has lost only once all season, and has conceded fewer scores than any other side.",
            ],
            "reaction": [
                "Club chairperson {other} said the support from the town had been \u201cextraordinary\u201d.",
                "Councillor {councillor} said the grant was \u201can investment in the health of the whole town\u201d.",
            ],
            "topics": ["Youth", "Football", "Hockey", "Golf"],
        },
    },
    "business": {
        "jobs": {
            "headline": [
                "{firm} to create {jobs} jobs in {place}",
                "{place} firm wins {amount} export contract",
                "Start-up {firm} raises {amount} from investors",
                "{firm} hiring as orders grow",
                "{amount} expansion for {firm} in {place}",
            ],
            "standfirst": [
                "The company says recruitment will begin {soon}, with most roles open to local applicants.",
                "It is the largest single investment in {place} for more than a decade.",
            ],
            "lead": [
                "{firm} has announced plans to create {jobs} jobs at a new facility in {place}, in what local "
                "representatives described as a vote of confidence in the area.",
                "{firm}, a {place}-based {trade}, has secured a contract worth {amount} to supply customers in "
                "mainland Europe.",
                "{firm}, a young {trade} based in {place}, has raised {amount} from investors to expand.",
            ],
            "detail": [
                "The roles will range from production and logistics to engineering and administration, and the "
                "firm will work with the local college on training.",
                "{person}, the company's managing director, grew up in {place} and said it had always been the "
                "plan to build the business at home.",
                "The contract will run for three years and is expected to double the company's turnover.",
                "{firm} was founded in {year} with {number} staff and now employs more than a hundred people.",
            ],
            "reaction": [
                "Local councillor {councillor} welcomed the news, saying it would \u201cmake a real difference to "
                "young people who want to stay in {place}\u201d.",
                "The chamber of commerce was encouraged but warned that a shortage of housing could make "
                "recruitment difficult.",
            ],
            "topics": ["Jobs", "Start-ups", "Broadband", "Energy"],
        },
        "closure": {
            "headline": [
                "Closure of {place} plant puts {jobs} jobs at risk",
                "{firm} to cut {jobs} roles in {place}",
                "Shock in {place} as {firm} confirms closure plan",
            ],
            "standfirst": ["Union representatives are seeking urgent talks with management."],
            "lead": [
                "Workers at {firm}'s plant in {place} have been told the site will close {soon}, putting {jobs} "
                "jobs in doubt.",
            ],
            "detail": [
                "The company blamed rising energy costs and falling orders for the decision.",
                "The site has been used for manufacturing since the 1960s and was once the largest employer in "
                "{place}.",
                "Staff were told at a meeting on the factory floor on Tuesday morning.",
                "Suppliers and local shops say the loss of so many wages will be felt across the town.",
            ],
            "reaction": [
                "A union official said workers had been given no warning and were \u201cin shock\u201d.",
                "Councillor {councillor} said the news was \u201ca hammer blow\u201d for {place}.",
            ],
            "topics": ["Jobs"],
        },
        "town": {
            "headline": [
                "New shop brings life back to {street}",
                "{firm} opens new premises in {place}",
                "Tourism numbers up {percent} per cent on the {county} coast",
                "Hotel occupancy in {place} nears its best in years",
                "Empty unit on {street} finds a new tenant",
                "{place} café owners celebrate first year",
                "Late-night shopping returns to {street}, {place}",
                "Guesthouses in {place} report {percent} per cent rise in bookings",
            ],
            "standfirst": [
                "Owners {person} and {other} say they have had a warm welcome from {residents}.",
                "Industry figures say costs remain the biggest worry for small firms in the county.",
            ],
            "lead": [
                "A new independent shop has opened on {street} in {place}, filling a unit that had stood empty "
                "since {year}.",
                "Visitor numbers along the {county} coast rose by {percent} per cent this summer, according to "
                "figures from the regional tourism body.",
            ],
            "detail": [
                "The shop sells locally made food, crafts and homeware, and stays open late on Thursdays.",
                "Hotels and guesthouses reported strong bookings from overseas visitors, while day trips held up "
                "despite the weather.",
                "Rents on {street} have fallen in recent years, and the business group says more openings are in "
                "the pipeline.",
                "The town centre has struggled since a retail park opened on the bypass in {year}.",
            ],
            "reaction": [
                "{other}, who runs a café a few doors away, said the street felt busier already.",
                "The tourism body said the figures were encouraging but that the season needed to be longer.",
            ],
            "topics": ["Retail", "Tourism", "Hospitality", "Town centre"],
        },
        "farming": {
            "headline": [
                "Farmers count the cost of a wet summer",
                "{place} farmers count the cost of a washed-out summer",
                "Mart prices steady as autumn sales begin in {place}",
                "Silage shortage worries {place} farmers",
                "Strong trade at {place} mart as buyers return",
                "{place} mart: calves in demand, prices up {percent} per cent",
                "Farmers near {place} sell stock early as fodder runs short",
            ],
            "standfirst": ["Fodder is short and costs are rising, farmers warn."],
            "lead": [
                "Farmers across {county} say the wettest summer in years has left silage short and costs rising.",
                "Prices at the {place} mart held steady this week as the autumn sales got under way.",
            ],
            "detail": [
                "Fodder prices have climbed by as much as a third since the spring, and some farmers have begun "
                "selling stock early.",
                "Mart managers reported a good turnout of buyers, with quality stock in strong demand.",
                "{person}, who farms {number} hectares outside {place}, said it was the hardest year since {year}.",
            ],
            "reaction": ["The farmers' association called for an emergency fodder scheme."],
            "topics": ["Farming", "Markets"],
        },
    },
    "community": {
        "festival": {
            "headline": [
                "{place} festival returns with its biggest programme yet",
                "{place} arts week draws record crowds",
                "Music in the park returns to {place}",
            ],
            "standfirst": ["Organisers say the event has grown every year since it began in {year}."],
            "lead": [
                "The {place} summer festival is back, with music, food stalls, a children's parade and, for the "
                "first time, a regatta on the river.",
                "Thousands of visitors have come to {place} for a week of music, theatre and exhibitions.",
            ],
            "detail": [
                "The programme runs over four days, with most events free and a shuttle bus from the villages.",
                "Organiser {person} said the committee had started planning in January and relied on volunteers.",
                "Local bands share the bill with acts from across the county.",
            ],
            "topics": ["Festivals", "Music", "Arts"],
        },
        "choir": {
            "headline": ["Choir from {place} heads to national final", "{place} singers win regional title"],
            "standfirst": ["The singers have been rehearsing twice a week since the summer."],
            "lead": [
                "The {place} community choir will represent {county} at the national finals after winning the "
                "regional competition {day}.",
            ],
            "detail": [
                "The choir, which has {number} members, rehearses every Tuesday evening in the parish hall.",
                "Musical director {person} said the choir had chosen a programme of folk songs and a new piece "
                "written by a local composer.",
                "Members range in age from sixteen to eighty-one.",
            ],
            "topics": ["Music"],
        },
        "library": {
            "headline": [
                "{place} library marks {number} years with open day",
                "New reading room opens at {place} library",
            ],
            "standfirst": ["Organisers say the library is busier now than at any time in its history."],
            "lead": [
                "{place} library threw open its doors for a birthday party on Saturday, with stories, music and "
                "a cake in the shape of a book.",
            ],
            "detail": [
                "The library now runs a coding club, a knitting circle and a weekly storytime for toddlers.",
                "Librarian {person} said membership had risen by a third in two years.",
                "A local history display drew queues of visitors looking for their families' photographs.",
            ],
            "topics": ["Libraries", "Heritage"],
        },
        "volunteers": {
            "headline": [
                "Volunteers clear {number} bags of litter from {place} shoreline",
                "Charity walk raises {amount} for {charity}",
                "Schoolchildren plant {number} trees at {venue}",
                "Men's shed in {place} looks for new members",
                "{number} volunteers join {place} beach clean",
                "{place} pupils raise {amount} for {charity}",
            ],
            "standfirst": [
                "{person} said the effort showed what a small town can do when it pulls together.",
                "More than {number} volunteers gave up their weekend to take part.",
            ],
            "lead": [
                "Volunteers turned out in force {day} to clean up the shoreline at {place}, filling {number} bags "
                "with plastic, rope and other rubbish.",
                "A sponsored walk from {place} to the coast has raised {amount} for {charity}.",
                "Pupils from three schools in {place} have planted {number} native trees at {venue}.",
            ],
            "detail": [
                "Walkers of all ages took part, from toddlers in buggies to a group of retired postmen.",
                "Schools in the area have adopted stretches of the beach and will return every term.",
                "The group was set up in {year} by a handful of neighbours and now has members across {place}.",
                "Organiser {person} thanked local businesses, which donated food, gloves and equipment.",
            ],
            "topics": ["Volunteering", "Charity", "Environment"],
        },
        "people": {
            "headline": [
                "{place} centenarian celebrates with four generations",
                "Restored {landmark} in {place} reopens to the public",
                "Birthday cards from across the world for {place}'s oldest resident",
                "{place} {landmark} restored to its former glory",
            ],
            "standfirst": [
                "Family and friends gathered at {venue} to mark the occasion.",
                "It is hoped the project will bring new life to a corner of {place} many had forgotten.",
            ],
            "lead": [
                "{person} celebrated {person_their} 100th birthday in {place} surrounded by four generations of "
                "{person_their} family.",
                "{place}'s restored {landmark} has reopened after two years of careful work by local craftspeople.",
            ],
            "detail": [
                "Born in 1925, {person_they} worked in the village school for almost forty years.",
                "The work was funded by a heritage grant and by donations from {residents}.",
                "Messages of congratulation arrived from relatives in Australia and Canada.",
            ],
            "topics": ["Older people", "Heritage"],
        },
    },
    "opinion": {
        "column": {
            "headline": [
                "Why {place} cannot afford to wait any longer on {topic_opinion}",
                "Our towns deserve better than talk on {topic_opinion}",
                "It is time we talked honestly about {topic_opinion}",
                "A view from {place}: what the budget means for us",
                "{place} deserves a straight answer on {topic_opinion}",
                "What {topic_opinion} tells us about {county}",
            ],
            "standfirst": [
                "Promises are cheap. {place} needs a plan, money and a date.",
                "There is reason for hope, but only if we are honest about the problem.",
            ],
            "lead": [
                "Every few years someone arrives in {place} with a map, a hard hat and a promise. Then they leave, "
                "and nothing changes.",
                "There was a time when {topic_opinion} was a problem for the cities. That time has passed.",
            ],
            "detail": [
                "The figures are stark. Young people leave, older people stay, and the services both need drift "
                "further away.",
                "None of this is inevitable. Other counties have shown what a determined council can do.",
                "It is easy to blame officials, but we elect the people who set their priorities.",
                "A bus every two hours is not a service. It is a gesture.",
                "When a shop closes on the main street, it takes more than a business with it. It takes a meeting "
                "place, a habit, a reason to come into town.",
            ],
            "topics": ["Local elections", "Housing", "Town centre", "Roads and transport"],
        },
        "editorial": {
            "headline": [
                "Editorial: a good week for {place}, but the hard work is ahead",
                "Editorial: the {county} we want starts with {topic_opinion}",
                "Editorial: {place} has waited long enough",
            ],
            "standfirst": ["The decisions made this year will shape the county for a generation."],
            "lead": [
                "This newspaper has long argued that {county} gets less than its fair share, and this week's "
                "figures make the case better than any editorial could.",
            ],
            "detail": [
                "We should be proud of what our towns have achieved with very little. Imagine what they could do "
                "with a fair share.",
                "There is no single answer, but there is a first step, and it is long overdue.",
                "Councillors of every party agree on the problem. They must now agree on a plan.",
            ],
            "topics": ["County council", "Health services", "Environment"],
        },
        "letters": {
            "headline": [
                "Letters: {topic_opinion} and the price of doing nothing",
                "Letters: {place} readers on {topic_opinion}",
                "Letters: a plea from {place}",
            ],
            "standfirst": ["Our readers have their say on the issues that matter in {county}."],
            "lead": [
                "Sir, I write as someone who has lived in {place} for most of my life, and who has watched "
                "{topic_opinion} go from bad to worse.",
            ],
            "detail": [
                "My neighbours and I have written to every councillor, and received two replies.",
                "I do not expect miracles, but I do expect to be listened to.",
                "Your report last week was welcome, but it only told half the story.",
            ],
            "topics": ["Housing", "Health services", "Roads and transport"],
        },
    },
}

KIND = {
    "news": {
        "background": [
            "The issue was first raised in {year}, when a group of {residents} wrote to the council asking for "
            "something to be done.",
            "It is not the first time {place} has faced the problem: a similar proposal was shelved in {year} "
            "after funding fell through.",
            "{place} has grown quickly over the past decade, and services have struggled to keep pace.",
        ],
        "quote": [
            "We have been asking for this for years. It is good to see some movement, but we will believe it "
            "when we see it.",
            "Nobody is against progress, but it has to be done properly and people have to be listened to.",
            "I would urge anyone with concerns to come to the next meeting and make their voice heard.",
            "We understand the frustration, and we are doing everything we can to speed things up.",
        ],
        "next": [
            "A final decision is expected at {meeting} {soon}.",
            "The council says it will publish a timetable {soon}.",
            "{generic_close}",
        ],
        "attribution": ["Councillor {councillor}", "{person}, a {place} resident", "{official_cap}"],
        "heading": ["What happens next", "The background", "What residents say", "The cost", "A long wait"],
        "caption": [
            "{street}, {place}.",
            "Councillor {councillor}, who has raised the issue.",
            "{residents_cap} at the public meeting in {venue}.",
            "{caption_generic}",
        ],
    },
    "sport": {
        "background": [
            "{club} were relegated in {year} and have spent the seasons since rebuilding with young local players.",
            "The club was founded in {place} more than a century ago and has produced several county players.",
            "Last season ended in disappointment, with {club} losing the final to {rival} after extra time.",
        ],
        "quote": [
            "I am delighted for the players. They showed real character.",
            "It is a proud day for the club and for {place}. The volunteers deserve this as much as anyone.",
            "There is still a lot of work to do, but days like this remind you why you do it.",
        ],
        "next": [
            "{club} travel to {rival} next weekend in the second round.",
            "The final is fixed for {venue} {soon}.",
            "Their next outing is a home fixture on Saturday afternoon, with a 3pm start.",
        ],
        "attribution": ["{other}, {club}", "{person}", "Club chairperson {other}"],
        "heading": ["Turning point", "Reaction", "The season so far", "Looking ahead"],
        "caption": [
            "Action from {club} against {rival} at {venue}.",
            "{person} at the final whistle.",
            "{venue}, {place}, on the day.",
        ],
    },
    "business": {
        "background": [
            "Tourism is worth an estimated {amount} a week to the county economy in the summer months.",
            "Small firms employ more than half of all private-sector workers in {county}.",
            "Vacancy rates on {place}'s main streets are among the highest in the region.",
        ],
        "quote": [
            "We have the people, the space and the connections here. There is no reason a business cannot thrive "
            "in {place}.",
            "It has been a difficult few years, but we are seeing real signs of recovery.",
            "Small firms are the backbone of this county, and they need practical help now.",
        ],
        "next": [
            "Details will be posted on the company's website {soon}.",
            "A jobs fair is planned in {venue} {soon}.",
            "Full-year figures are due {soon}.",
        ],
        "attribution": ["{person}, {firm}", "Councillor {councillor}", "{other}, chamber of commerce"],
        "heading": ["The figures", "Who will be hired", "A changing town centre", "The bigger picture"],
        "caption": ["Premises on {street}, {place}.", "{person} at work in {place}.", "{caption_generic}"],
    },
    "community": {
        "background": [
            "{place} has a long tradition of community effort, from the building of the parish hall to the "
            "rescue of the railway station.",
            "Fundraising began in {year}, with coffee mornings, quizzes and a charity calendar.",
        ],
        "quote": [
            "It is about bringing people together. Everyone has something to give.",
            "We could not have done it without the volunteers. They are the heart of this town.",
            "There was a great atmosphere all day. People were stopping to say thank you.",
        ],
        "reaction": [
            "{other}, one of the volunteers, said the day had been \u201chard work but great fun\u201d.",
            "Councillor {councillor} attended and thanked the organisers on behalf of the county.",
        ],
        "next": [
            "New volunteers are welcome; the group meets on the first Saturday of every month at {venue}.",
            "Full details are available from the tourist office on {street}.",
            "{generic_close}",
        ],
        "attribution": ["{person}", "{other}, organiser", "{other}, volunteer"],
        "heading": ["How it began", "A day to remember", "Getting involved"],
        "caption": ["Volunteers in {place} at the weekend.", "{person} at {venue}.", "{caption_generic}"],
    },
    "opinion": {
        "background": [
            "The county development plan promised action on this in {year}. We are still waiting.",
            "It is worth remembering that {place} faced a similar choice in {year}, and chose to act.",
        ],
        "quote": [
            "A town is not its buildings. It is the people who choose to stay in it.",
            "Good intentions do not fill potholes.",
            "We have studied this long enough. It is time to decide.",
        ],
        "reaction": [
            "Councillor {councillor} has argued, fairly, that the council cannot do it alone. But it can do more.",
            "Readers have written to us in numbers on this subject, and their patience is wearing thin.",
        ],
        "next": [
            "The budget is published {soon}. Let us judge it by what it does for towns like {place}.",
            "We will be watching, and so will our readers.",
        ],
        "attribution": ["{person}", "A reader in {place}"],
        "heading": ["The choice ahead", "What must change", "A fair share"],
        "caption": ["{caption_generic}", "{street}, {place}: a familiar scene for readers."],
    },
}


def grammar_rules():
    """All rules flattened for the grammar: `kind.angle.part`, `kind.part` and the shared stock."""
    flat = dict(SHARED)
    for kind, parts in KIND.items():
        for part, alternatives in parts.items():
            flat[f"{kind}.{part}"] = alternatives
    for kind, angles in ANGLES.items():
        for angle, parts in angles.items():
            for part, alternatives in parts.items():
                if part != "topics":
                    flat[f"{kind}.{angle}.{part}"] = alternatives
    return flat


DEVELOPER_SUFFIXES = ["Homes", "Developments", "Estates", "Housing"]
CLUB_SUFFIXES = ["Rovers", "Athletic", "United", "Celtic", "Harps", "Town", "Wanderers", "RFC", "Gaels", "Rangers"]
FIRM_PARTS = (
    ["Brightwater", "Larkspur", "Northgate", "Heron", "Saltmarsh", "Copperleaf", "Ridgeline", "Oakfield", "Tidewell"],
    ["Foods", "Engineering", "Systems", "Logistics", "Designs", "Precision", "Bakery", "Marine", "Labs"],
)
STREETS = ["Main Street", "Church Road", "Harbour Road", "Mill Lane", "Bridge Street", "Market Square",
           "Chapel Hill", "Station Road", "The Crescent", "Quay Street", "Abbey Row", "Fair Green"]  # fmt: skip
VENUES = ["the parish hall", "the community centre", "the county grounds", "the town park", "the Riverside Hotel",
          "the showgrounds", "the sports complex", "the old courthouse"]  # fmt: skip
