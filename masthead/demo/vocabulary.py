"""The fictional group: one county, four titles, their towns, and the names,
clubs, firms and agencies the stories talk about. Every name here is invented."""

COUNTY = "Fernmoor"
GROUP_NAME = "Fernmoor County Newspapers"
GROUP_INTRO = "News, sport and community life from across Fernmoor, from the four titles of the county's own group."

PUBLICATIONS = [
    {
        "name": "The Fernmoor Chronicle",
        "slug": "fernmoor-chronicle",
        "short_name": "Chronicle",
        "colour": "#8b1e3f",
        "region": "Central Fernmoor",
        "tagline": "The county town's paper since 1871",
        "description": "Council, courts, business and sport from Fernmoor town and the villages around it.",
        "towns": ["Fernmoor", "Ashcombe Green", "Kelderby", "Brindlewick", "Elderwick Cross"],
    },
    {
        "name": "The Quillhaven Herald",
        "slug": "quillhaven-herald",
        "short_name": "Herald",
        "colour": "#1a5276",
        "region": "South Coast",
        "tagline": "Harbour, coast and country",
        "description": "Fishing, tourism and town life along Fernmoor's southern coast.",
        "towns": ["Quillhaven", "Saltinch", "Rookwater Bay", "Gorseby", "Port Marrow"],
    },
    {
        "name": "The Highmarsh Gazette",
        "slug": "highmarsh-gazette",
        "short_name": "Gazette",
        "colour": "#2e6b3a",
        "region": "North Uplands",
        "tagline": "Voice of the northern uplands",
        "description": "Farming, schools, roads and sport from the hill towns of north Fernmoor.",
        "towns": ["Highmarsh", "Corrandale", "Thistlecombe", "Wrenhurst", "Dunlarrow"],
    },
    {
        "name": "The Tollbury Sentinel",
        "slug": "tollbury-sentinel",
        "short_name": "Sentinel",
        "colour": "#7a4a12",
        "region": "East Valley",
        "tagline": "The valley's weekly, every day online",
        "description": "Industry, jobs and community news along the river valley east of Fernmoor.",
        "towns": ["Tollbury", "Marrowfield", "Oakhythe", "Lowbridge", "Cinderford Mill"],
    },
]

SECTIONS = [
    ("News", "news", "What is happening across the area today."),
    ("Sport", "sport", "Results, reports and club news."),
    ("Business", "business", "Firms, jobs, farming and the local economy."),
    ("Community", "community", "Festivals, charities, schools and people."),
    ("Opinion", "opinion", "Columns, editorials and readers' letters."),
]

AGENCIES = ["Meridian Press Agency", "Westerly Newswire", "Fernmoor News Service", "Coastline Press"]

FEMALE_NAMES = [
    "Aoife", "Ciara", "Eleanor", "Grace", "Imogen", "Katie", "Maeve", "Orla", "Rachel", "Tess", "Amira", "Priya",
    "Helen", "Sinead", "Joanna", "Nadia", "Lucy", "Fiona", "Bridget", "Clare", "Louise", "Isla", "Hannah",
    "Deirdre", "Ruth",
]  # fmt: skip

MALE_NAMES = [
    "Ben", "Declan", "Fergus", "Hugh", "Jack", "Liam", "Niall", "Patrick", "Sean", "Owen", "Tomasz", "Daniel",
    "Martin", "Rory", "Kieran", "Colm", "Gareth", "Eamon", "Sam", "Yusuf", "Marek", "Donal", "Conor", "Peter",
    "Alan",
]  # fmt: skip

SURNAMES = [
    "Ashworth", "Brennick", "Callow", "Dunmore", "Everett", "Fallon", "Garrity", "Hollis", "Ingram", "Jessop",
    "Kilbride", "Lomax", "Moriarty", "Nettleton", "Ormsby", "Pendry", "Quill", "Rathbone", "Sheehan", "Tarrant",
    "Upton", "Varley", "Whelan", "Yardley", "Crossan", "Delaney", "Farrow", "Gilmartin", "Harte", "Kavanagh",
    "Lanigan", "McArdle", "Noonan", "O'Leary", "Prendergast", "Redmond", "Stokes", "Thornbury", "Walsh", "Costigan",
    "Ferris", "Halloran", "Keogh", "Madigan", "Nowak", "Okafor", "Pereira", "Sandhu", "Tierney", "Winslow",
]  # fmt: skip

AUTHOR_ROLES = {
    "news": ["Reporter", "Chief reporter", "News editor", "Local democracy reporter", "Courts reporter"],
    "sport": ["Sports reporter", "Sports editor", "Football correspondent"],
    "business": ["Business reporter", "Business editor", "Farming correspondent"],
    "community": ["Community reporter", "Features writer", "Arts and heritage correspondent"],
    "opinion": ["Columnist", "Editor", "Political columnist"],
}

AUTHOR_BIO = [
    "Covers {beat} for the group and has lived in {town} for most of their life.",
    "Joined the newsroom from a regional daily and writes about {beat}.",
    "Has reported on {beat} across Fernmoor for more than a decade.",
    "Writes about {beat}; tips and story ideas are always welcome.",
]

BEATS = {
    "news": "council affairs, planning and the courts",
    "sport": "club sport from grassroots to the county league",
    "business": "jobs, farming, tourism and local firms",
    "community": "festivals, charities, schools and heritage",
    "opinion": "politics and public life in the county",
}

# Topics: subjects first, then every town, to about eighty in all.
SUBJECT_TOPICS = [
    "Planning", "Housing", "Roads and transport", "Buses and rail", "Schools", "Health services", "Flooding",
    "Weather", "Policing", "Courts", "County council", "Local elections", "Environment", "Wildlife", "Coastline",
    "Harbour", "Fishing", "Farming", "Tourism", "Retail", "Jobs", "Hospitality", "Start-ups", "Energy",
    "Broadband", "Festivals", "Arts", "Music", "Libraries", "Heritage", "Volunteering", "Charity", "Youth",
    "Older people", "Football", "Rugby", "Hurling and camogie", "Athletics", "Cycling", "Rowing", "Golf",
    "Hockey", "Swimming", "Cricket", "Boxing", "Motor sport", "Equestrian", "Walking and outdoors",
    "Food and drink", "Churches", "Water supply", "Waste and recycling", "Parks", "Childcare", "Disability",
    "Mental health", "Animal welfare", "Markets", "Town centre", "Nightlife",
]  # fmt: skip
