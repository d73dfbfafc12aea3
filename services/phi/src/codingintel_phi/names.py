"""Word lists for name detection: common given names (a capitalised word after one
is taken as a surname), words that look like names at the start of a sentence but
are not, and the US state codes that end a "City, ST ZIP" line."""

from __future__ import annotations

# Frequent US given names. Names that are also everyday words (Will, May, Hope,
# Grace, Mark) are left out: they would turn ordinary text into names.
FIRST_NAMES: tuple[str, ...] = tuple(
    [
        "Aaron",
        "Abigail",
        "Adam",
        "Adrian",
        "Ahmed",
        "Aisha",
        "Alan",
        "Albert",
        "Alejandro",
        "Alex",
        "Alexander",
        "Alexandra",
        "Alice",
        "Alicia",
        "Allison",
        "Alma",
        "Alvin",
        "Amanda",
        "Amber",
        "Amy",
        "Ana",
        "Andrea",
        "Andres",
        "Andrew",
        "Angela",
        "Anita",
        "Ann",
        "Anna",
        "Anne",
        "Annie",
        "Anthony",
        "Antonio",
        "Arthur",
        "Ashley",
        "Audrey",
        "Barbara",
        "Benjamin",
        "Betty",
        "Beverly",
        "Bobby",
        "Bonnie",
        "Brandon",
        "Brenda",
        "Brian",
        "Brittany",
        "Bruce",
        "Bryan",
        "Carl",
        "Carla",
        "Carlos",
        "Carmen",
        "Carol",
        "Caroline",
        "Carolyn",
        "Catherine",
        "Charles",
        "Charlotte",
        "Cheryl",
        "Chloe",
        "Christina",
        "Christine",
        "Christopher",
        "Cindy",
        "Clarence",
        "Claudia",
        "Connie",
        "Craig",
        "Crystal",
        "Cynthia",
        "Daniel",
        "Danielle",
        "Darlene",
        "David",
        "Dean",
        "Deborah",
        "Debra",
        "Denise",
        "Dennis",
        "Derek",
        "Diana",
        "Diane",
        "Donald",
        "Donna",
        "Doris",
        "Dorothy",
        "Douglas",
        "Dylan",
        "Edith",
        "Eduardo",
        "Edward",
        "Edwin",
        "Elena",
        "Elizabeth",
        "Ellen",
        "Emily",
        "Emma",
        "Eric",
        "Erica",
        "Ernest",
        "Esther",
        "Ethan",
        "Eugene",
        "Evelyn",
        "Fernando",
        "Frances",
        "Francisco",
        "Frank",
        "Fred",
        "Gabriel",
        "Gail",
        "Gary",
        "George",
        "Gerald",
        "Geraldine",
        "Gina",
        "Gladys",
        "Gloria",
        "Gordon",
        "Gregory",
        "Hannah",
        "Harold",
        "Harry",
        "Heather",
        "Helen",
        "Henry",
        "Howard",
        "Irene",
        "Isaac",
        "Isabel",
        "Jack",
        "Jacob",
        "Jacqueline",
        "James",
        "Jamie",
        "Janet",
        "Janice",
        "Jason",
        "Javier",
        "Jean",
        "Jeffrey",
        "Jennifer",
        "Jeremy",
        "Jesse",
        "Jessica",
        "Jesus",
        "Joan",
        "Joanne",
        "Joe",
        "John",
        "Jonathan",
        "Jorge",
        "Jose",
        "Joseph",
        "Joshua",
        "Joyce",
        "Juan",
        "Judith",
        "Judy",
        "Julia",
        "Julie",
        "Justin",
        "Karen",
        "Katherine",
        "Kathleen",
        "Kathryn",
        "Kathy",
        "Keith",
        "Kelly",
        "Kenneth",
        "Kevin",
        "Kimberly",
        "Kyle",
        "Larry",
        "Laura",
        "Lauren",
        "Lawrence",
        "Leonard",
        "Leslie",
        "Lillian",
        "Linda",
        "Lisa",
        "Lois",
        "Lori",
        "Louis",
        "Louise",
        "Lucas",
        "Luis",
        "Lynn",
        "Manuel",
        "Margaret",
        "Maria",
        "Marie",
        "Marilyn",
        "Mario",
        "Marjorie",
        "Martha",
        "Martin",
        "Mary",
        "Matthew",
        "Megan",
        "Melissa",
        "Michael",
        "Michelle",
        "Miguel",
        "Mildred",
        "Monica",
        "Nancy",
        "Natalie",
        "Nathan",
        "Nicholas",
        "Nicole",
        "Noah",
        "Norma",
        "Olivia",
        "Oscar",
        "Pamela",
        "Patricia",
        "Patrick",
        "Paul",
        "Paula",
        "Pedro",
        "Peggy",
        "Peter",
        "Philip",
        "Phyllis",
        "Rachel",
        "Ralph",
        "Randy",
        "Raymond",
        "Rebecca",
        "Regina",
        "Richard",
        "Rita",
        "Robert",
        "Roberto",
        "Roger",
        "Ronald",
        "Rosa",
        "Rose",
        "Russell",
        "Ruth",
        "Ryan",
        "Samantha",
        "Samuel",
        "Sandra",
        "Sara",
        "Sarah",
        "Scott",
        "Sean",
        "Sharon",
        "Shirley",
        "Sofia",
        "Sophia",
        "Stephanie",
        "Stephen",
        "Steven",
        "Susan",
        "Sylvia",
        "Tammy",
        "Teresa",
        "Terry",
        "Theresa",
        "Thomas",
        "Timothy",
        "Tina",
        "Todd",
        "Tony",
        "Tracy",
        "Tyler",
        "Valerie",
        "Vanessa",
        "Victor",
        "Victoria",
        "Vincent",
        "Virginia",
        "Walter",
        "Wanda",
        "Wayne",
        "Wendy",
        "William",
        "Willie",
        "Yvonne",
        "Zachary",
        # Less frequent given names from many origins.
        "Abdul",
        "Ada",
        "Adaeze",
        "Adeline",
        "Agnes",
        "Alberto",
        "Alfonso",
        "Alfred",
        "Alonzo",
        "Althea",
        "Amara",
        "Ambrose",
        "Amelia",
        "Anand",
        "Anastasia",
        "Anders",
        "Andre",
        "Angelica",
        "Annabel",
        "Annette",
        "Antoine",
        "Anton",
        "Archibald",
        "Ariel",
        "Arjun",
        "Arlene",
        "Armando",
        "Arnold",
        "Arturo",
        "Astrid",
        "Augusta",
        "Augustine",
        "Aurelia",
        "Bartholomew",
        "Beatrice",
        "Beatriz",
        "Benedict",
        "Bernadette",
        "Bernard",
        "Bernice",
        "Bertha",
        "Bettina",
        "Bianca",
        "Blanca",
        "Boris",
        "Bradley",
        "Brendan",
        "Bridget",
        "Bruno",
        "Byron",
        "Caleb",
        "Calvin",
        "Camila",
        "Camille",
        "Candace",
        "Cassandra",
        "Cecil",
        "Cecilia",
        "Cedric",
        "Celeste",
        "Chandra",
        "Chidi",
        "Chioma",
        "Clara",
        "Claude",
        "Clement",
        "Clifford",
        "Clyde",
        "Colette",
        "Conrad",
        "Constance",
        "Cora",
        "Cornelius",
        "Dalia",
        "Damian",
        "Dante",
        "Darius",
        "Deepak",
        "Delia",
        "Demetrius",
        "Desiree",
        "Desmond",
        "Diego",
        "Dimitri",
        "Dolores",
        "Dominic",
        "Dorothea",
        "Duncan",
        "Edgar",
        "Edmund",
        "Efua",
        "Eldon",
        "Elias",
        "Elijah",
        "Eliza",
        "Elliot",
        "Eloise",
        "Elsa",
        "Emil",
        "Emilio",
        "Enrique",
        "Erasmus",
        "Ernesto",
        "Eunice",
        "Evangeline",
        "Ezra",
        "Farah",
        "Farid",
        "Fatima",
        "Felicia",
        "Felix",
        "Fiona",
        "Florence",
        "Francesca",
        "Franklin",
        "Frederick",
        "Gareth",
        "Genevieve",
        "Geoffrey",
        "Georgia",
        "Gertrude",
        "Gideon",
        "Gilbert",
        "Giovanni",
        "Graham",
        "Gunther",
        "Gustavo",
        "Hamid",
        "Harriet",
        "Hassan",
        "Hector",
        "Helga",
        "Herbert",
        "Hilda",
        "Horace",
        "Hugo",
        "Ignacio",
        "Igor",
        "Imani",
        "Imogen",
        "Ingrid",
        "Iris",
        "Ismael",
        "Ivan",
        "Jamal",
        "Jasmine",
        "Joaquin",
        "Josephine",
        "Julian",
        "Juliet",
        "Kalani",
        "Kamal",
        "Kareem",
        "Katarina",
        "Kavya",
        "Kenji",
        "Kofi",
        "Lars",
        "Leandro",
        "Leila",
        "Leopold",
        "Lila",
        "Lionel",
        "Lorenzo",
        "Lucinda",
        "Lucius",
        "Luisa",
        "Magnus",
        "Malcolm",
        "Mamadou",
        "Marcel",
        "Marcus",
        "Marguerite",
        "Marta",
        "Mateo",
        "Matilda",
        "Maurice",
        "Maxine",
        "Mei",
        "Minerva",
        "Mohammed",
        "Muriel",
        "Nikolai",
        "Nils",
        "Nkechi",
        "Noor",
        "Obinna",
        "Octavia",
        "Odette",
        "Olga",
        "Omar",
        "Orlando",
        "Oswald",
        "Pablo",
        "Penelope",
        "Pierre",
        "Priscilla",
        "Priya",
        "Quentin",
        "Rafael",
        "Raj",
        "Ramon",
        "Raul",
        "Reginald",
        "Reuben",
        "Rocco",
        "Rodrigo",
        "Roland",
        "Rosalie",
        "Rufus",
        "Rupert",
        "Salvador",
        "Samir",
        "Santiago",
        "Saoirse",
        "Seamus",
        "Sebastian",
        "Sergio",
        "Shauna",
        "Silas",
        "Simone",
        "Sinead",
        "Stanislav",
        "Sunil",
        "Svetlana",
        "Tariq",
        "Thaddeus",
        "Theodora",
        "Theodore",
        "Tobias",
        "Tomas",
        "Tyrone",
        "Ulrich",
        "Ursula",
        "Valentina",
        "Vernon",
        "Vikram",
        "Wilhelmina",
        "Winifred",
        "Xavier",
        "Yasmin",
        "Yolanda",
        "Yusuf",
        "Zainab",
        "Zoltan",
        # Given names across the languages of a US patient population.
        "Abebe",
        "Abena",
        "Ade",
        "Adebayo",
        "Adriana",
        "Afia",
        "Agatha",
        "Agustin",
        "Ahmad",
        "Aiden",
        "Aiko",
        "Akira",
        "Akosua",
        "Alastair",
        "Aleksandr",
        "Alessandra",
        "Alessandro",
        "Alfredo",
        "Ali",
        "Alina",
        "Alisha",
        "Alistair",
        "Alton",
        "Amal",
        "Amina",
        "Amir",
        "Amit",
        "Anjali",
        "Ankit",
        "Ansel",
        "Anthea",
        "Anya",
        "Arash",
        "Archer",
        "Aria",
        "Arnav",
        "Asha",
        "Ashok",
        "Aurora",
        "Ayaan",
        "Ayana",
        "Ayodele",
        "Babak",
        "Baraka",
        "Beatrix",
        "Bertram",
        "Bilal",
        "Bjorn",
        "Blythe",
        "Bogdan",
        "Bongani",
        "Bronwyn",
        "Caitlin",
        "Callum",
        "Candice",
        "Carmela",
        "Carmelo",
        "Catalina",
        "Chiamaka",
        "Chiara",
        "Chinedu",
        "Chinonso",
        "Chinwe",
        "Ciaran",
        "Clarissa",
        "Clementine",
        "Cordelia",
        "Cosimo",
        "Cristina",
        "Cyril",
        "Cyrus",
        "Dagny",
        "Dalila",
        "Damien",
        "Dariusz",
        "Darnell",
        "Dashiell",
        "Dawit",
        "Deandre",
        "Deirdre",
        "Delbert",
        "Delphine",
        "Devika",
        "Dhruv",
        "Divya",
        "Dmitri",
        "Dmitry",
        "Dorcas",
        "Dorian",
        "Dumisani",
        "Dwayne",
        "Eamon",
        "Ebere",
        "Ebony",
        "Edna",
        "Efosa",
        "Eilidh",
        "Ekaterina",
        "Elif",
        "Elmer",
        "Elodie",
        "Emeka",
        "Emre",
        "Enid",
        "Ernestine",
        "Esperanza",
        "Esteban",
        "Eszter",
        "Ethel",
        "Eudora",
        "Everett",
        "Fabian",
        "Fadi",
        "Faisal",
        "Farhan",
        "Fatuma",
        "Federico",
        "Femi",
        "Fernanda",
        "Filip",
        "Floyd",
        "Folake",
        "Fumiko",
        "Gaurav",
        "Gennady",
        "Giulia",
        "Gustave",
        "Gwen",
        "Gwendolyn",
        "Habib",
        "Hadiza",
        "Haruki",
        "Haruto",
        "Hattie",
        "Hazel",
        "Hiroshi",
        "Hoang",
        "Homer",
        "Hussein",
        "Ibrahim",
        "Ida",
        "Ifeoma",
        "Ignatius",
        "Ilse",
        "Imelda",
        "Ines",
        "Inez",
        "Iqbal",
        "Irina",
        "Isidro",
        "Ivana",
        "Jabari",
        "Jae",
        "Jaime",
        "Jamila",
        "Jaroslav",
        "Jarrah",
        "Jasper",
        "Jelena",
        "Jiho",
        "Jin",
        "Jiro",
        "Joaquina",
        "Jovan",
        "Kaan",
        "Kai",
        "Kaito",
        "Kamala",
        "Kareena",
        "Karim",
        "Karina",
        "Kasia",
        "Katya",
        "Kayode",
        "Keisha",
        "Kemal",
        "Khadija",
        "Khalid",
        "Kiran",
        "Kirsten",
        "Kiyoshi",
        "Kobe",
        "Kojo",
        "Krishna",
        "Kwabena",
        "Kwame",
        "Kwesi",
        "Lakshmi",
        "Latisha",
        "Latoya",
        "Lavinia",
        "Leona",
        "Leticia",
        "Liam",
        "Ling",
        "Lorna",
        "Lucia",
        "Lucille",
        "Ludmila",
        "Lydia",
        "Mabel",
        "Maeve",
        "Mahmoud",
        "Malak",
        "Malik",
        "Mamta",
        "Manon",
        "Marek",
        "Mariam",
        "Mariana",
        "Marina",
        "Marisa",
        "Marisol",
        "Marlene",
        "Marvin",
        "Maryam",
        "Masato",
        "Matteo",
        "Maude",
        "Mavis",
        "Maya",
        "Meera",
        "Mehmet",
        "Mercedes",
        "Merle",
        "Milagros",
        "Milton",
        "Ming",
        "Mira",
        "Miriam",
        "Misaki",
        "Mohamed",
        "Mohammad",
        "Mustafa",
        "Myrtle",
        "Nadia",
        "Nadine",
        "Naledi",
        "Nasrin",
        "Natasha",
        "Neha",
        "Nell",
        "Nia",
        "Niamh",
        "Nikhil",
        "Nikita",
        "Nilufar",
        "Nkosi",
        "Nnamdi",
        "Noura",
        "Nuno",
        "Obiageli",
        "Oksana",
        "Olamide",
        "Oleksandr",
        "Oluwaseun",
        "Opal",
        "Orla",
        "Orville",
        "Osagie",
        "Otis",
        "Ottilie",
        "Pavel",
        "Percival",
        "Philippa",
        "Pradeep",
        "Prakash",
        "Prudence",
        "Radu",
        "Rahul",
        "Rania",
        "Rashid",
        "Ravi",
        "Rayan",
        "Reza",
        "Rhiannon",
        "Rohan",
        "Rosalind",
        "Rosalyn",
        "Roya",
        "Ruslan",
        "Sadia",
        "Saeed",
        "Sahil",
        "Saif",
        "Sakura",
        "Salma",
        "Sana",
        "Sandeep",
        "Sanjay",
        "Sasha",
        "Satoshi",
        "Seo",
        "Sergei",
        "Seymour",
        "Shanice",
        "Shanthi",
        "Shira",
        "Shreya",
        "Siddharth",
        "Siddiqa",
        "Sina",
        "Siobhan",
        "Soledad",
        "Somchai",
        "Sonia",
        "Soraya",
        "Sriram",
        "Stella",
        "Suresh",
        "Tadesse",
        "Takeshi",
        "Tamar",
        "Tanisha",
        "Tatiana",
        "Teodoro",
        "Thandiwe",
        "Thanh",
        "Thelma",
        "Tomasz",
        "Tunde",
        "Uchenna",
        "Umar",
        "Usha",
        "Vadim",
        "Valeria",
        "Vasile",
        "Vera",
        "Veronika",
        "Vijay",
        "Viola",
        "Vivek",
        "Wei",
        "Wilbur",
        "Wilma",
        "Winston",
        "Wojciech",
        "Ximena",
        "Xin",
        "Yara",
        "Yaw",
        "Yetunde",
        "Yiannis",
        "Yuki",
        "Yuri",
        "Yusra",
        "Zara",
        "Zeynep",
        "Zhen",
        "Zhou",
        "Zodwa",
        "Zuri",
    ]
)

# Capitalised words that are not names: they end a name match or stop one.
COMMON_WORDS: frozenset[str] = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "with",
        "would",
        "you",
        "your",
        "today",
        "tomorrow",
        "yesterday",
        "tonight",
        "daily",
        "weekly",
        "monthly",
        "yearly",
        "patient",
        "pt",
        "patients",
        "visit",
        "clinic",
        "hospital",
        "center",
        "medical",
        "health",
        "care",
        "department",
        "unit",
        "service",
        "team",
        "office",
        "emergency",
        "room",
        "floor",
        "ward",
        "icu",
        "ed",
        "er",
        "or",
        "pacu",
        "labs",
        "lab",
        "history",
        "exam",
        "assessment",
        "plan",
        "impression",
        "diagnosis",
        "diagnoses",
        "note",
        "mon",
        "tue",
        "tues",
        "wed",
        "weds",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "progress",
        "letter",
        "intake",
        "addendum",
        "update",
        "updates",
        "evaluation",
        "encounter",
        "referral",
        "annual",
        "overnight",
        "interval",
        "dispo",
        "studies",
        "education",
        "chaperone",
        "supervisor",
        "supervising",
        "float",
        "coach",
        "aide",
        "peer",
        "recovery",
        "triage",
        "portal",
        "late",
        "entry",
        "outside",
        "records",
        "scanned",
        "forms",
        "employer",
        "conference",
        "alert",
        "pendant",
        "questions",
        "subjective",
        "objective",
        "client",
        "safety",
        "reason",
        "pertinent",
        "visits",
        "dx",
        "ddx",
        "hx",
        "fhx",
        "sx",
        "tx",
        "rx",
        "notes",
        "report",
        "summary",
        "follow",
        "followup",
        "up",
        "return",
        "chief",
        "complaint",
        "present",
        "illness",
        "review",
        "systems",
        "physical",
        "vitals",
        "vital",
        "signs",
        "family",
        "social",
        "medications",
        "medication",
        "allergies",
        "allergy",
        "past",
        "surgical",
        "problem",
        "problems",
        "list",
        "results",
        "imaging",
        "procedure",
        "procedures",
        "hpi",
        "pmh",
        "psh",
        "ros",
        "fh",
        "sh",
        "cc",
        "a/p",
        "md",
        "do",
        "rn",
        "np",
        "pa",
        "phd",
        "dnp",
        "aprn",
        "pharmd",
        "dds",
        "mrn",
        "dob",
        "ssn",
        "fax",
        "phone",
        "tel",
        "email",
        "cell",
        "mobile",
        "home",
        "work",
        "address",
        "name",
        "date",
        "time",
        "age",
        "sex",
        "male",
        "female",
        "man",
        "woman",
        "boy",
        "girl",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "cardiology",
        "neurology",
        "oncology",
        "radiology",
        "pathology",
        "pulmonology",
        "nephrology",
        "endocrinology",
        "gastroenterology",
        "psychiatry",
        "surgery",
        "orthopedics",
        "urology",
        "dermatology",
        "pediatrics",
        "obstetrics",
        "gynecology",
        "medicine",
        "internal",
        "primary",
        "hospitalist",
        "infectious",
        "disease",
        "diseases",
        "general",
        "attending",
        "resident",
        "fellow",
        "nurse",
        "practitioner",
        "physician",
        "assistant",
        "pharmacist",
        "consultant",
        "referring",
        "ordering",
        "provider",
        "signed",
        "electronically",
        "reviewed",
        "dictated",
        "seen",
        "discussed",
        "per",
        "with",
        "via",
        "who",
        "which",
        "regarding",
        "continue",
        "continued",
        "start",
        "started",
        "stop",
        "stopped",
        "increase",
        "decrease",
        "denies",
        "reports",
        "states",
        "notes",
        "presents",
        "presented",
        "admits",
        "endorses",
        "complains",
        "will",
        "may",
        "might",
        "must",
        "shall",
        "can",
        "cannot",
        "could",
        "should",
        "would",
        "yes",
        "no",
        "none",
        "negative",
        "positive",
        "normal",
        "abnormal",
        "stable",
        "improved",
        "improving",
        "worse",
        "worsening",
        "unchanged",
        "new",
        "old",
        "left",
        "right",
        "bilateral",
        "acute",
        "chronic",
        "mild",
        "moderate",
        "severe",
        "blood",
        "pressure",
        "heart",
        "rate",
        "temperature",
        "pulse",
        "respiratory",
        "oxygen",
        "saturation",
        "weight",
        "height",
        "bmi",
        "pain",
        "fever",
        "cough",
        "nausea",
        "vomiting",
        "diabetes",
        "hypertension",
        "disease",
        "syndrome",
        "disorder",
        "cancer",
        "type",
        "stage",
        "grade",
        "class",
        "accompanies",
        "accompanied",
        "accompanying",
        "reached",
        "reach",
        "call",
        "called",
        "calls",
        "contact",
        "contacted",
        "available",
        "present",
        "here",
        "there",
        "at",
        "bedside",
        "regarding",
        "about",
        "concerning",
        "and/or",
        "lives",
        "living",
        "alone",
        "independently",
        "married",
        "single",
        "divorced",
        "widowed",
        "retired",
        "works",
        "insurance",
        "medicare",
        "medicaid",
        "plan",
        "member",
        "account",
        "policy",
        "group",
        "number",
        "id",
        # drug names that open sentences
        "abilify",
        "advil",
        "albuterol",
        "aleve",
        "ambien",
        "aspirin",
        "ativan",
        "augmentin",
        "bactrim",
        "benadryl",
        "ceftriaxone",
        "celexa",
        "cipro",
        "colace",
        "coreg",
        "coumadin",
        "cozaar",
        "crestor",
        "cymbalta",
        "depakote",
        "diflucan",
        "dilaudid",
        "effexor",
        "eliquis",
        "entresto",
        "farxiga",
        "flexeril",
        "flonase",
        "haldol",
        "heparin",
        "humalog",
        "imodium",
        "insulin",
        "januvia",
        "jardiance",
        "keflex",
        "keppra",
        "lamictal",
        "lantus",
        "lasix",
        "levaquin",
        "lexapro",
        "lipitor",
        "lithium",
        "lovenox",
        "medrol",
        "metformin",
        "methadone",
        "miralax",
        "motrin",
        "narcan",
        "neurontin",
        "norco",
        "norvasc",
        "ozempic",
        "pepcid",
        "percocet",
        "plavix",
        "prednisone",
        "protonix",
        "proventil",
        "prozac",
        "risperdal",
        "robaxin",
        "rocephin",
        "senna",
        "seroquel",
        "suboxone",
        "synthroid",
        "toprol",
        "toradol",
        "tramadol",
        "trazodone",
        "trulicity",
        "tylenol",
        "ultram",
        "vancomycin",
        "ventolin",
        "wellbutrin",
        "xanax",
        "xarelto",
        "zestril",
        "zithromax",
        "zocor",
        "zofran",
        "zoloft",
        "zosyn",
        # clinical and service words that open sentences and name departments
        "acid",
        "admission",
        "admitted",
        "adult",
        "allergies",
        "anemia",
        "anesthesia",
        "anesthesiology",
        "ankle",
        "anxiety",
        "apnea",
        "artery",
        "assessment",
        "associates",
        "asthma",
        "atrial",
        "behavioral",
        "bipolar",
        "bladder",
        "bone",
        "bones",
        "brain",
        "breast",
        "cancer",
        "carcinoma",
        "cardiac",
        "center",
        "centre",
        "cervical",
        "chief",
        "children",
        "clinic",
        "colitis",
        "colon",
        "community",
        "complaint",
        "complications",
        "confidential",
        "congestive",
        "consult",
        "consultation",
        "coronary",
        "county",
        "course",
        "criteria",
        "critical",
        "dementia",
        "depression",
        "diagnoses",
        "dialysis",
        "discharge",
        "disease",
        "disorder",
        "disposition",
        "drains",
        "east",
        "elbow",
        "epilepsy",
        "esophagus",
        "estimated",
        "exam",
        "facility",
        "failure",
        "family",
        "fibrillation",
        "findings",
        "follow-up",
        "fracture",
        "gastrointestinal",
        "general",
        "geriatric",
        "guideline",
        "guidelines",
        "health",
        "heart",
        "hepatic",
        "hip",
        "history",
        "hospice",
        "illness",
        "impression",
        "indications",
        "infection",
        "information",
        "infusion",
        "injury",
        "inpatient",
        "instructions",
        "intensive",
        "joint",
        "joints",
        "kidney",
        "knee",
        "lab",
        "laboratory",
        "lesion",
        "leukemia",
        "list",
        "liver",
        "loss",
        "lung",
        "lungs",
        "lymphoma",
        "maneuver",
        "mass",
        "medications",
        "medicine",
        "memorial",
        "mental",
        "migraine",
        "neurologic",
        "neurological",
        "nodule",
        "north",
        "nursing",
        "nutrition",
        "obesity",
        "obstructive",
        "occupational",
        "operative",
        "order",
        "orders",
        "ostomy",
        "outpatient",
        "ovarian",
        "palliative",
        "palsy",
        "pancreas",
        "pathway",
        "pediatric",
        "pharmacy",
        "phenomenon",
        "physical",
        "physicians",
        "plan",
        "pneumonia",
        "postoperative",
        "practice",
        "preoperative",
        "present",
        "primary",
        "problem",
        "procedure",
        "program",
        "prostate",
        "protected",
        "protocol",
        "pulmonary",
        "recommendations",
        "regional",
        "rehab",
        "rehabilitation",
        "renal",
        "results",
        "review",
        "saint",
        "scale",
        "schizophrenia",
        "score",
        "seizure",
        "seizures",
        "sepsis",
        "services",
        "shoulder",
        "sign",
        "signs",
        "skilled",
        "skin",
        "sleep",
        "social",
        "south",
        "specimens",
        "speech",
        "spine",
        "sprain",
        "stroke",
        "summary",
        "support",
        "surgery",
        "syndrome",
        "tear",
        "telehealth",
        "telephone",
        "test",
        "therapy",
        "thyroid",
        "transfer",
        "transferred",
        "transplant",
        "tumor",
        "ulcer",
        "unit",
        "university",
        "urgent",
        "urinary",
        "vascular",
        "virtual",
        "vital",
        "west",
        "women",
        "work",
        "wound",
        "wrist",
    ]
)

# Frequent English words notes capitalise at a sentence or heading start ("Next RN
# visit", "Upcoming labs"): never a name on their own.
_MORE_COMMON_WORDS = """
next previous prior upcoming recent current early late later latest final initial repeat
routine scheduled planned pending interim overall general total partial usual regular
daily weekly monthly yearly annual biweekly nightly hourly morning evening afternoon night
today tomorrow yesterday tonight week weeks month months year years day days hour hours
visit visits call calls review reviewed update updated message plan plans goal goals
home house office clinic hospital ward floor room bed unit team staff family patient
nurse nurses doctor doctors provider providers care caregiver caregivers service
first second third fourth fifth last new old same other another each every both either
more most less least many much few several some any all none no not yes also only just
still again already always never often sometimes usually soon now then there here
please thank thanks note notes noted see seen told asked given taken made done sent
start started stop stopped continue continued change changed increase decrease
check checked call called return returned follow followed refer referred
good better best well fine stable improved improving worse worsening unchanged
small large big little high low normal abnormal positive negative mild moderate severe
left right upper lower front back side both bilateral central
and or but if when while with without within before after during until since per via
above below over under between among around about across along through
"""
COMMON_WORDS = COMMON_WORDS | frozenset(_MORE_COMMON_WORDS.split())

US_STATES: tuple[str, ...] = tuple(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
    ]
)


# More given names (US Social Security and census frequency lists, and names common
# in the countries US patients come from), kept as text to keep the module short.
_MORE_GIVEN_NAMES = """
Aaliyah Aarav Abe Abel Abram Adah Addison Adela Adelaide Adele Adina Aditya Adolfo Adrienne
Agnieszka Aidan Aileen Aino Ainsley Akash Aksel Alana Alba Alberta Alden Aldo Alec Alejandra
Alexa Alexis Alison Alissa Aliyah Allan Allen Allie Alondra Alphonse Alva Alyssa Ama Amado
Amadou Amalia Amani Amari Amaya Amos Amparo Andrei Andy Angel Angelina Angelo Angharad Angie
Angus Anh Anika Anil Anish Annabelle Anneliese Annika Antoinette Antonia Aoi Aoife Araceli
Ari Ariana Arlo Arnulfo Arun Asher Ashton Athena Augustin Aurelio Austin Ava Avery Axel
Ayesha Ayse Babajide Bailey Bao Barry Basil Belinda Ben Benito Bennett Benny Bethany Betsy
Blaine Blair Blake Bo Brad Brady Brent Brett Brielle Brock Brooke Bryce Bryson Buck Burak
Callie Camden Cameron Cara Carina Carlton Carmine Carrie Carson Carter Casey Cassidy Celia
Cerys Cesar Chad Chandler Chanel Chantal Charity Charlene Charley Charlie Chase Chaya
Chelsea Chester Chris Christa Christian Christy Chukwuemeka Cierra Claire Clay Clayton Cleo
Cletus Cliff Clint Clinton Cody Colby Cole Coleman Colin Colleen Collin Conner Connor
Consuelo Corbin Corey Corinne Cornelia Cortez Courtney Cristobal Curtis Dafydd Dahlia Daisy
Dale Dallas Dalton Damon Dana Dane Daphne Darcy Darian Darrell Darren Darryl Daryl Davina
Davis Deanna Debbie Declan Dee Deion Della Delores Denzel Derrick Destiny Devin Devon Dexter
Dina Dion Dominique Don Donovan Dora Doreen Doug Drew Duane Duc Dustin Dwight Earl Earnest
Eddie Effie Efrain Eileen Elaine Eleanor Eli Elisa Elise Ella Ellie Elliott Ellis Elsie
Elton Elvira Emanuel Emilia Emmanuel Emmett Enzo Epifanio Erik Erin Essie Estella Estelle
Etta Eugenia Eva Evan Ewan Ezekiel Fang Fatma Fausto Felipe Fergus Fidel Finn Fletcher Flora
Folasade Forrest Francine Francis Franco Frankie Freda Freya Gabriela Gabrielle Gage Ganesh
Garrett Garth Gavin Gemma Geneva Georgina Gerardo Gillian Gisele Gita Glen Glenda Glenn
Gonzalo Graciela Grady Grant Greta Gretchen Griffin Guadalupe Guillermo Gunnar Gus Hadley
Hailey Hakeem Hal Haley Halima Hamza Hana Hank Hans Hao Harish Harper Harrison Harvey Hayden
Heath Heidi Helena Henrietta Henrik Herman Hiro Holly Hubert Hugh Hui Humberto Huong Hye-jin
Iain Ian Ike Ilana Ira Irma Irving Isabella Isaiah Isla Israel Itzel Jace Jacinta Jacinto
Jackie Jada Jaden Jalen Jameson Jana Janelle Jared Jarvis Jay Jayden Jayla Jeanette Jeanne
Jeannie Jeffery Jenna Jennie Jeremiah Jerome Jessie Ji-hoon Ji-woo Jia Jill Jim Jimmy Jing
Jiri Joanna Joao Jocelyn Jody Joel Johanna Johnnie Johnny Jon Jonah Jonas Jordan Jorgen
Josefina Josh Josiah Josue Juana Juanita Jude Juhani Juliana Julio Julius Justine Kaden
Kaitlyn Kalle Kamau Kara Kari Karl Karla Kasey Katarzyna Kate Katelyn Katharine Katie
Katrina Kay Kayla Keanu Kelsey Kendall Kendra Kenny Kent Keri Kerry Kiara Kim Kira Kirk
Kristen Kristin Kristina Kurt Kylie Lacey Lachlan Lakisha Lana Lance Lara Latasha Laurence
Laverne Layla Leah Lee Lei Leland Lena Lenka Lenora Leo Leon Leonardo Lerato Leroy Lester
Levi Lewis Leyla Lillie Lincoln Lindsay Lindsey Linh Linus Lloyd Logan Lola Lonnie Lorena
Loretta Lorraine Lou Louisa Lowell Luana Luciano Lucy Luke Luna Lupe Luther Lyle Lynda
Lynette Mackenzie Madeline Madison Mae Magdalena Maggie Mandy Manoj Marcella Marcia Marco
Marcos Margarita Margo Mariah Marianne Maribel Mariela Marion Marissa Marla Marlon Marsha
Marshall Maryann Mason Mateus Mathias Mats Matti Mattie Maud Maura Maureen Max Maxwell
Meghan Melanie Melinda Melvin Meredith Micah Michaela Mikayla Mike Milan Miles Millie Milo
Min-jun Mindy Minh Minnie Miranda Mitchell Mohan Moises Mollie Molly Monique Morag Morgan
Morris Moses Muhammad Myles Myra Naomi Natalia Nathaniel Nayeli Neal Neil Nellie Nelson
Nestor Nettie Nicolas Nikki Nina Njeri Noel Noelle Nora Norman Nour Odessa Ofelia Olena
Oliver Olufemi Omid Ophelia Otieno Otto Owen Padraig Paige Paola Parisa Pasquale Patrice
Patsy Patty Pauline Pekka Percy Perry Pete Petra Phoebe Pierce Piotr Pooja Preston Quincy
Quinn Raheem Raimundo Rajesh Ramiro Ramona Randall Raquel Rashad Ray Reagan Reid Ren Rena
Rene Renee Rex Reyna Rhonda Rhys Ricardo Rick Ricky Riley Roberta Rocio Roderick Rodney
Rodolfo Rogelio Rolando Roman Romeo Ronnie Rory Rosario Roscoe Rosemary Ross Rowan Roxanne
Roy Ruben Rudolph Sabrina Sadie Salvatore Sammy Santos Saul Savannah Selena Seo-yeon Serena
Seth Shane Shannon Shaun Shawn Shawna Sheila Shelby Shelley Sherman Sherry Sidney Sigrid
Sipho Sonya Soo-jin Sophie Soren Sota Stacy Stanley Stefan Stephan Steve Stuart Susana
Suzanne Sven Sylvester Tabitha Talia Tamara Tameka Tamika Tania Tanvi Tanya Tara Tarek Tasha
Ted Tereza Terrance Terrence Terri Tess Tessa Theo Thiago Tiana Tiffany Tim Toby Tom Tommy
Toni Tonya Tracey Traci Travis Trent Trevor Trisha Tristan Troy Tuan Tucker Ulises Valentino
Varun Vaughn Velma Veronica Vicente Vicki Vickie Vince Violet Virgil Vivian Vladimir Wade
Walker Wallace Wanjiru Warren Wendell Wesley Whitney Wilfred Willa Willard Willis Xochitl
Yaa Yaretzi Yesenia Ying Yong Yosef Yui Yulia Yuto Yvette Zane Zelda Zoe Zora Zuzana
"""
GIVEN_NAMES: frozenset[str] = frozenset(FIRST_NAMES) | frozenset(_MORE_GIVEN_NAMES.split())

# Given names that are also everyday words or month abbreviations. They never start a
# name on their own, but are kept when a cue or a surname beside them makes the pair a
# name ("supervising physician Jun Okonjo", "Requested by: May Lin").
_AMBIGUOUS_GIVEN_NAMES = """
Jan Jun June July April May August Aug Dec Augustine Will Mark Hope Grace Faith Joy Rose
Bill Art Summer Autumn Dawn Iris Ivy Jade Ruby Pearl Sunny Star Sky Rich Frank
Gene Guy Pat Sue Patience Constance Prudence Harmony Destiny Crystal Amber Drew
Mar Apr Feb Jul Sep Sept Oct Nov March Octavia Nova Sol Luz Paz Cruz Rey Dolores Rosario
Pilar Consuelo Amparo Mercedes Soledad Asuncion Ray Don Dean Chase Hunter Grant Lane Reed
Cliff Dale Glen Forrest Heath Rocky Sandy Misty Holly Heather Daisy Violet Lily Poppy
Hazel Olive Ginger Honey Candy Cherry Robin Wren Lark Dove Sage Rain River Storm Bay
"""
AMBIGUOUS_GIVEN_NAMES: frozenset[str] = frozenset(_AMBIGUOUS_GIVEN_NAMES.split())

# Frequent US surnames (census). A capitalised word before one of them is read as
# a given name ("Philippa Castillo").
_SURNAMES = """
Abbott Acevedo Acosta Adams Adkins Aguilar Aguirre Ahmed Alexander Alfaro Ali Allen Allison
Alvarado Alvarez Andersen Anderson Andrade Andrews Anthony Arellano Arias Armstrong Arnold
Arroyo Ashley Atkins Atkinson Austin Avalos Avery Avila Ayala Ayers Bailey Baker Baldwin
Ball Ballard Banks Barajas Barber Barker Barnes Barnett Barr Barrera Barrett Barron Barry
Bartlett Barton Bass Bates Bauer Bautista Baxter Bean Beard Beasley Beck Becker Beil Bell
Beltran Bender Benitez Benjamin Bennett Benson Bentley Benton Berg Berger Bernal Bernard
Berry Best Bishop Black Blackburn Blackwell Blair Blake Blanchard Blankenship Blevins Bond
Bonilla Booker Boone Booth Bowen Bowers Bowman Boyd Boyer Boyle Bradford Bradley Bradshaw
Brady Branch Brandt Bravo Brennan Brewer Bridges Briggs Brock Brooks Brown Browning Bruce
Bryan Bryant Buchanan Buck Buckley Bullock Burch Burgess Burke Burnett Burns Burton Bush
Butler Byrd Cabrera Cain Calderon Caldwell Calhoun Callahan Camacho Cameron Campbell Campos
Cannon Cano Cantrell Cantu Cardenas Carey Carlson Carpenter Carr Carrillo Carroll Carson
Carter Case Casey Castaneda Castillo Castro Cervantes Chambers Chan Chandler Chang Chapman
Charles Chase Chavez Chen Cherry Choi Christensen Christian Chung Church Cisneros Clark
Clarke Clay Clayton Clements Cline Cobb Cochran Coffey Cohen Cole Coleman Collier Collins
Colon Combs Compton Conley Conner Conrad Contreras Conway Cook Cooper Copeland Cordova
Corona Correa Cortes Cortez Costa Cox Craig Crane Crawford Crosby Cross Cruz Cuevas Cummings
Cunningham Curry Curtis Dalton Daniel Daniels Daugherty Davenport David Davidson Davila
Davis Dawson Day Dean Decker Dejesus Delacruz Delarosa Deleon Delgado Dennis Diaz Dickerson
Dickson Dillon Dixon Dodson Dominguez Donaldson Donovan Dorsey Dougherty Douglas Doyle Drake
Duarte Dudley Duffy Duke Duncan Dunlap Dunn Duran Durham Dyer Eaton Edwards Elliott Ellis
Ellison English Enriquez Erickson Escobar Esparza Espinosa Espinoza Esquivel Estes Estrada
Evans Everett Farley Farmer Farrell Faulkner Felix Ferguson Fernandez Fields Figueroa Finley
Fischer Fisher Fitzgerald Fitzpatrick Fleming Fletcher Flores Flowers Floyd Flynn Foley Ford
Foster Fowler Fox Francis Franco Frank Franklin Frazier Frederick Freeman French Friedman
Frost Fry Frye Fuentes Fuller Gaines Galindo Gallagher Gallegos Galvan Garcia Gardner Garner
Garrett Garrison Garza Gates Gentry George Gibbs Gibson Gilbert Giles Gill Gillespie Gilmore
Glass Glenn Glover Golden Gomez Gonzales Gonzalez Good Goodman Goodwin Gordon Gould Graham
Grant Graves Gray Green Greene Greer Gregory Griffin Griffith Grimes Gross Guerra Guerrero
Guevara Gutierrez Guzman Hahn Hail Hale Haley Hall Hamilton Hammond Hampton Hancock Hanna
Hansen Hanson Hardin Harding Hardy Harmon Harper Harrell Harrington Harris Harrison Hart
Hartman Harvey Hawkins Hayden Hayes Haynes Heath Hebert Henderson Hendricks Hendrix Henry
Hensley Henson Herman Hernandez Herrera Herring Hess Hester Hickman Hicks Higgins Hill Hines
Hinton Ho Hobbs Hodge Hodges Hoffman Hogan Holland Holloway Holmes Holt Hood Hoover Hopkins
Horn Horne Horton House Houston Howard Howe Howell Huang Hubbard Huber Hudson Huerta Huff
Huffman Hughes Hull Humphrey Hunt Hunter Hurley Hurst Hutchinson Huynh Ibarra Ingram Jackson
Jacobs Jacobson James Jaramillo Jarvis Jefferson Jenkins Jennings Jensen Jimenez Johns
Johnson Johnston Jones Jordan Joseph Juarez Kane Kaur Keith Keller Kelley Kelly Kemp Kennedy
Kent Kerr Khan Kim King Kirby Kirk Klein Kline Knapp Knight Knox Koch Kramer Krueger Lam
Lamb Lambert Landry Lane Lang Lara Larsen Larson Lawrence Lawson Le Leach Leal Leblanc Lee
Leon Leonard Lester Levy Lewis Li Lim Lin Lindsey Little Liu Livingston Lloyd Logan Long
Lopez Love Lowe Lowery Lozano Lu Lucas Lucero Lugo Luna Lynch Lynn Lyons Macdonald Macias
Mack Madden Maddox Magana Mahoney Maldonado Malone Mann Manning Marin Marks Marquez Marsh
Marshall Martin Martinez Mason Massey Mata Mathews Mathis Matthews Maxwell May Mayer Maynard
Mayo Mays McBride McCall McCann McCarthy McCarty McClain McClure McConnell McCormick McCoy
McCullough McDaniel McDonald McDowell McFarland McGee McGuire McIntosh McIntyre McKay McKee
McKenzie McKinney McLaughlin McLean McMahon McMillan McPherson Meadows Medina Medrano Mejia
Melendez Melton Mendez Mendoza Mercado Merritt Meyer Meyers Meza Michael Middleton Miles
Miller Mills Miranda Mitchell Molina Monroe Montes Montgomery Montoya Moody Moon Moore Mora
Morales Moran Moreno Morgan Morris Morrison Morrow Morse Morton Moses Mosley Moss Moyer
Mueller Mullen Mullins Munoz Murillo Murphy Murray Myers Nash Nava Navarro Neal Nelson
Newman Newton Nguyen Nichols Nicholson Nielsen Nixon Noble Nolan Norman Norris Norton Novak
Nunez Obrien Ochoa Oconnell Oconnor Odom Odonnell Oliver Olsen Olson Oneal Oneill Orozco Orr
Ortega Ortiz Osborne Owen Owens Pace Pacheco Padilla Page Palacios Palmer Park Parker Parks
Parra Parrish Parsons Patel Patrick Patterson Patton Paul Payne Pearson Peck Pena Pennington
Peralta Perez Perkins Perry Person Peters Petersen Peterson Pham Phan Phelps Phillips Pierce
Pineda Pittman Pitts Pollard Ponce Poole Pope Porter Portillo Potter Potts Powell Powers
Pratt Preston Price Prince Proctor Pruitt Pugh Quinn Quintana Quintero Ramirez Ramos Ramsey
Randall Randolph Rangel Rasmussen Ray Raymond Reed Reese Reeves Reid Reilly Reyes Reyna
Reynolds Rhodes Rice Rich Richard Richards Richardson Richmond Riley Rios Rivas Rivera
Rivers Roach Robbins Roberson Roberts Robertson Robinson Robles Rocha Rodgers Rodriguez
Rogers Rojas Rollins Roman Romero Rosales Rosario Rosas Rose Ross Roth Rowe Rowland Roy
Rubio Ruiz Rush Russell Russo Ryan Salas Salazar Salgado Salinas Sampson Sanchez Sanders
Sandoval Sanford Santana Santiago Santos Saunders Savage Sawyer Schaefer Schmidt Schmitt
Schneider Schroeder Schultz Schwartz Scott Sellers Serrano Sexton Shaffer Shah Shannon Sharp
Shaw Shelton Shepard Shepherd Sheppard Sherman Shields Short Sierra Silva Simmons Simon
Simpson Sims Singh Singleton Skinner Sloan Small Smith Snow Snyder Solis Solomon Sosa Soto
Sparks Spears Spence Spencer Stafford Stanley Stanton Stark Steele Stein Stephens Stephenson
Stevens Stevenson Stewart Stokes Stone Stout Strickland Strong Stuart Suarez Sullivan
Summers Sutton Swanson Sweeney Tang Tanner Tapia Tate Taylor Terrell Terry Thomas Thompson
Thornton Todd Torres Townsend Tran Travis Trejo Trevino Trujillo Truong Tucker Turner Tyler
Underwood Valdez Valencia Valentine Valenzuela Vance Vang Vargas Vasquez Vaughan Vaughn
Vazquez Vega Velasquez Velazquez Velez Ventura Villa Villalobos Villanueva Villarreal
Villegas Vincent Vo Vu Wade Wagner Walker Wall Wallace Waller Walls Walsh Walter Walters
Walton Wang Ward Ware Warner Warren Washington Waters Watkins Watson Watts Weaver Webb Weber
Webster Weeks Weiss Welch Wells West Wheeler Whitaker White Whitehead Whitney Wiggins Wilcox
Wiley Wilkerson Wilkins Wilkinson Williams Williamson Willis Wilson Winters Wise Wolf Wolfe
Wong Wood Woodard Woods Woodward Wright Wu Wyatt Xiong Yang Yates Yoder York Young Yu Zamora
Zavala Zhang Zimmerman Zuniga
"""
SURNAMES: frozenset[str] = frozenset(_SURNAMES.split())

# Words ICD-10-CM writes in lower case (diagnoses, body sites, qualifiers), without
# the given names and surnames above: "Plaque psoriasis" or "Acne vulgaris" after a
# cue is a diagnosis, not a person.
_CLINICAL_WORDS = """
abandonment abdomen abdominal abducent abductor ablation ablative able abnormalities
abnormality abortion abortive abortus abrasion abruptio abscedens abscess absence absent
absorption abuse abuser acanthamebic acantholytic acariasis access accessory accident
accidental accidentally accidents accommodation according accreta accretions acetabuli
acetabulum achieved acidemia acidosis acids aciduria acidurias acinar acne acoustic acquired
acrodermatitis acromial acromioclavicular acting actinic actinomycosis action activating
activation active activities activity acts acuta acyl adaptation addiction addictive
additives adductor adductus adenohypophyseal adenoiditis adenoids adenomatous adenosine
adenovirus adequacy adequate adherent adhesion adhesions adhesive adhesives adiposity
adjustment administered administration administrative adnexa adolescence adolescent adopted
adoption adoptive adrenal adrenergic adrenocortical adrenogenital adrenoleukodystrophy
adrenoreceptor adultcare adults advanced adverse advice aerial aerobic aerobics aerosol
aeruginosa aesthetic affect affected affecting affective afibrinogenemia aflatoxin aftercare
agencies agenesis agent agents agitation agnosia agonists agranulocytosis agricultural
agriculture airbag aircraft airgun airway akari akathisia albinism albuginea albumin alcohol
alcoholic alcohols aldosteronism alexia algae alighting alimentary aliphatic alkali alkalis
alkylating alleged allergens allergic allied alligator allodermis allograft alloimmune
alopecia alpha alphafetoprotein alpine alteration alternating altitude alveolar alveolus
ambient amblyopia ambulance ambulatory amebiasis amebic amenorrhea amines amino aminobutyric
aminoderivatives aminoglycosides amnesia amnestic amnions amniotic amount amphetamines
amphibian amphibians ampulla amputation amyloid amyloidosis amyotrophy anabolic anaerobes
anal analeptics analgesia analgesic analgesics analogs analogues anaphylaxis anarthria
anastomosis androgen androgenic androgens anemias anemone anencephaly anesthetic anesthetics
aneurysm aneurysms anger angiitis angina angiopathy angioplasty angiostrongyliasis
angiotensin anhidrotic anhydrase anhydrotic animal animals animate aniseikonia ankylosing
ankylosis annulare annulus anoctamin anomalies anomalous anomaly anonymous anophthalmos
anopsia another anovulation anoxia antacids antagonist antagonists antecedent antenatal
antepartum anterior anthelminthics anthrax antiallergic antiandrogens antiarteriosclerotic
antiasthmatics antibiotic antibiotics antibodies antibody anticholinergics
anticholinesterase anticoagulant anticoagulants anticonvulsants antidepressants antidiabetic
antidiarrheal antidiuretic antidotes antidysrhythmic antiemetic antiepileptic antiepileptics
antiestrogens antifungal antigonadotrophins antihyperlipidemic antihypertensive
antimalarials antimetabolite antimicrobial antimuscarinics antimycobacterial antineoplastic
antiparasitic antiparasitics antiparkinsonism antipersonnel antiplatelets antiprotozoal
antipruritics antipsychotics antipyretic antipyretics antirheumatic antirheumatics
antisocial antithrombotic antithrombotics antithyroid antitrypsin antitumor antitussives
antivaricose antivenin antiviral antrum ants anuria anus anxiolytic anxiolytics aorta aortic
aortitis aortocoronary apartment apathy aphakia aphakic aphasia aphthae apical aplasia
aplasias aplastic apocrine apophyseal apparatus apparel appearance appendage appendages
appendicitis appendix appetite appliance appliances applicable application applied apraxia
aqueduct arch arcuate area areas areata arenaviral areola areolar arising armed arms
aromatase aromatic around arousal arousals arrest arrhythmia arrhythmias arrival arsenic
arterial arteries arterioles arteriopathy arteriosus arteriovenous arteritis arthritis
arthrodesis arthropathies arthropathy arthropod arthropods articular articulation artificial
artillery arts aryepiglottic asbestos ascending ascent ascites aseptic aspect aspergillosis
asphyxiation aspirated aspiration aspirator assault assignment assist assistance assisted
associated association asthmaticus astigmatism astringents asymmetric asymmetry ataxia
ataxias atelectasis atherosclerosis athletic athletics atlanto atlantoaxial atmospheric
atopic atresia atrioventricular atrium atrophic atrophicae atrophicans atrophicus atrophies
atrophy attachment attack attacks attempt attempted attention attic atticoantral attitude
attrition atypical audiological auditory aura aureus auricle auricular australis authority
autism autoantibodies autograft autoimmune autoinflammatory autologous automatic automobile
autonomic autosensitization autosomal autosomes auxiliary aversion avium avoid avulsion
awaiting awareness away awkward axial axilla axillary axonal azoospermia babesiosis baby
back background bacteria bacterial baked baking balance balanced balanic balanitis balcony
balloon bancrofti band bands barbae barbiturates barefoot bariatric bark barotrauma
bartonellosis basal baseball based basilar basketball bath bathing bathroom bathtub baton
batteries battery baumannii bayonet beach bead bearing beat bees behalf behavior behind
belief belly benign benzene benzodiazepines benzothiadiazides beriberi berloque berries
beryllium beta betting biceps bicondylar bicycle bifida bifurcation bike bile bilharziasis
biliary bilirubin bimalleolar binary binding binge binocular biochemical biogenesis biologic
biological biologically biomechanical biotin biovar birds birth births bisexual
bisphosphonates bite biting blades blast blasting blastomycosis blasts bleb bleeding
blepharitis blepharoconjunctivitis blind blindness block blockers blocking blunt board
boarder boarding boat bodies bodily body boiler bomb bomber bony boogie border borderline
born borne boss bottle bottom bottomed botulism bowel bowing bowling boxing boydii brachial
bradycardia brainstem branched branches branchial brass brawl break breakdown breaks breasts
breath breathing breech bridge brim broad bronchiectasis bronchiolitis bronchitis
bronchomalacia bronchopulmonary bronchospasm bronchus brow brucellosis bruising bruxism
buccal bucket buggy building bulbar bulbous bulking bullet bullets bullosa bullous bumped
bumping bundle bungee buried burn burning bursa bursal bursitis bursopathies burst business
buttock butyrophenone bypass bystander cable cadmium caffeine cage calcaneofibular
calcaneovalgus calcaneovarus calcaneus calcerous calcification calcifications calcified
calcineurin calcitonin calcium calculi calculous calculus calf calisthenics callosities
callosum caloric calorie calories calpain camp canal canaliculi canaliculitis candidiasis
canis cannabinoids cannabis canoe canoeing canthus cantonensis capillariasis capillaries
capillary capitate capitis capsular capsulati capsule capsulitis carate carbamate carbapenem
carbohydrate carbon carbonic carboxylase carbuncle carcinoembryonic carcinoid carcinomas
cardia cardio cardiogenic cardiomyopathies cardiomyopathy cardiopulmonary cardiorespiratory
cardiothoracic cardiovascular carditis caregiver caregiving caries carinatum carnitine
carotid carpal carpometacarpal carpus carried carrier cart cartilage cartilagenous caruncle
cataclysmic catalase cataplexy cataract category caterpillars catheter catheterization cauda
causality cause caused causes causing cava cave cavernosum cavities cavity cavus cecum
ceiling celiac cells cellular cellularity cellulitis centipedes central centrally
centrifugal centrifugum centronuclear cephalgias cephalosporins cerebellar cerebellum
cerebral cerebrospinal cerebrovascular cerebrum cereus ceroid certain certificate cerumen
cervicitis cervicothoracic cervix cessation cestode chaffeensis chain chair chalazion
chamber change changes channel characterized charge checking checkpoint cheek cheerleading
cheilitis chelating chemical chemicals chemistry chemotherapeutic chemotherapy chest chewing
chiasm chicken chickenpox chiefly child childbirth childcare childhood chin chip chlamydiae
chlamydial chloramphenicol chlorine chlorofluorocarbons chloroform choking cholangitis
cholecystectomy cholecystitis cholelithiasis cholerae cholestasis cholesteatoma
cholesteatosis cholesterol cholinergics chondrocalcinosis chondrodysplasia chondrodystrophy
chondropathies chondrosternal chordae chordee chorea chorioamnionitis choriomeningitis
chorionic chorions chorioretinal chorioretinitis chorioretinopathy choroid choroidal
chromium chromoabnormalities chromomycosis chromosomal chromosome chromosomes chronica
chronicus cicatricial cigarette cigarettes ciliary cinema circadian circuit circulating
circulation circulatory circumcision circumflex circumstances circumstantial cirrhosis
citrullinated civil civilian classical classifiable classified classmates claudication
clavicle claw clawfoot clawhand clean cleaning clear cleats cleft climacteric climbing
clinical clitoris cloaca cloacal cloacogenic closed closing closure clothing clotting club
clubfoot clubhand cluster coagulants coagulation coaster coasters cobra cocaine
coccidioidomycosis coccyx cochlear codes cognition cognitive coin cold coli colic
collagenosis collapse collateral collecting colliding collision colonic colonization color
colorectal colostomy column coma combat combinations combine combined combustion commands
commercial comminuted commissure common communicable communicating communication comparison
compartment complement complete completed complex complicated complicating complication
component compound compounds compression compressions compromised compulsive computer
concentration conception concern concerns concretions condensans condition conditioner
conditioning conditions conduct conducted conduction conductive condylar condyle confined
confinement confirm confirmed conflagration conflagrations conflict confused congeners
congenita congenital congestion conglobata conjugate conjunctiva conjunctival conjunctivitis
connection connections connective conorii consanguinity conscious consciousness consequences
conservation constipation constituents constitutional constriction constrictive construction
consulting contagiosum containing contaminants contaminated content contents context
contiguous continent continua continuity continuous contraception contraceptive
contraceptives contracted contraction contractions contracture contraindication
contralateral contrast control controlled contusion conventional conversation conversion
converted converting conveyance convulsions cooking coop coordination copper coracohumeral
coracoid coral cord cords cornea corneal coronavirus coronoid corporis corporo corpus
correct corrected correspondence corrosion corrosions corrosive cortex cortical cosmetic
cosmetics counseling counselors count counterpulsation country court cousin coverage coxa
coxsackievirus crab craft cramp cramps cranial craniopharyngeal craniosynostosis crash
crashing created crescentic crest crime criminal crisis crocheting crocodile croup crowd
cruciate cruris crushed crustaceans crying cryptococcosis crystallina crystalline cuboid
cuff culbertsoni cultural cuneiform curb current currently curvature curve custody cutanea
cutaneous cutem cutis cutter cyanide cyanides cycle cyclist cyclitis cylinder cyst
cystectomy cystic cystica cysticercosis cystitis cystostomy cysts cytologic cytological
cytomegaloviral cytomegalovirus cytopenia cytoplasmic cytotoxic dacryoadenitis
dacryocystitis dactylitis dagger dairy damage dancing dander dark dates daycare days
deafness deaminase death debility decalvans decarboxylase decellularized decision decline
decompression decreased deep defecation defect defective defects deferens defiant
defibrillator defibrination deficiencies deficit deficits defined deformans deformations
deformed deforming deformities deformity degenerated degeneration degenerations degenerative
degradation degree dehiscence dehydrogenase delay delayed delays deletions delirium
delivered delivery deltoid delusional delusions demulcents demyelinating demyelination
dendritic dengue dens dense density dental dentin dentofacial dependence dependency depleted
depletion deployment depolarization deposit deposition deposits depressants depressed
depressive deprivation depth derailment derangement derangements derealization derivatives
dermatitis dermatoarthritis dermatologic dermatomyositis dermatophytoses dermatoses
dermatosis descended descending descent descriptions desensitization designated desire
destruction detachment detachments detail detergents determination determine determined
detonation development developmental device devices diabetic diagnostic diamniotic diaphragm
diaphragmatic diaphyseal diarrhea diastolic dicentric dichloromethane dichorionic diet
dietary dietetic diethylstilbestrol different differentiated difficile difficult
difficulties difficulty diffuse digestants digestive digging digital dilatation dilation
dilution diminished dimple dioxide diphtheria diphtheritic diplegic diploma direct dirt
disability disablement disaster disc discarded discogenic discomfort discord discrepancy
discrimination disintegrative dislocation disorders displaced displacement disproportion
disruption disruptions dissecans dissection disseminated dissociation dissociative distal
distance distant distension distortions distress disturbance disturbances disulfide
diuretics diutinum divergens diverticulum diving divorce dock documented dolphin dome
domestic dominant done donor dormitory dorsal dorsalgia dorsalis dorsopathies dorsopathy
dosage doubling downhill drain drainage draining drawn dressers dressing dressings dribbling
drilling drills drinking drinks drip driver driveway driving drop drowning drug drugs drum
dual duboisii duck duct ducts ductus duncani dune duodenal duodenitis duodenum duplication
dura duration dust dusts dyes dynamic dynamite dysautonomia dysenteriae dysentery
dyserythropoietic dysferlin dysfunction dysfunctions dysgenesis dyskinesia dysmenorrhea
dysmorphic dysostosis dyspareunia dyspepsia dysphagia dysphoric dysplasia dysplasias dyspnea
dysreflexia dysregulation dysrhythmia dystocia dystonia dystrophica dystrophies dystrophy
early ears earth earthquake eaten eating ecchymoses eccrine echinococcosis echoencephalogram
echovirus eclampsia economic ecstasy ectasia ectopic ectropion eczema eczematoid edema
edentulous edge education educational effect effector effects efferent effluent effluvium
effusion eggs ehrlichiosis ejaculation ejaculatory elasticum elderly elective electric
electrical electro electrocardiogram electrocution electrode electroencephalogram
electrolyte electrolytic electromyogram electronic electroretinogram electroshock element
elements elevated elevation elevator elevatum elimination elliptocytosis elongation
elsewhere eltor embankment emboli embolic embolism embolus embryo emetics emollients
emotional emotions emphysema employment empty emptying enabling enamel encephalitis
encephalocele encephalomyelitis encephalopathy encounter encountering endemic endocapillary
endocarditis endocardium endocervix endocrine endodontic endometrial endometriosis
endometrium endophthalmitis endoscopic endosseous enemy energy enforcement engine engines
engorgement enlarged enlargement enophthalmos entangled entanglement entering enteritis
enterocele enterocolitica enterocolitis enteropathy enterostomy enteroviral enterovirus
enthesopathies enthesopathy entrance entrapment entropion entry enuresis environment
environmental enzyme enzymes eosinophilia eosinophilic epicondyle epicondylitis epidemic
epidermal epidermolysis epididymis epididymitis epidural epigastric epiglottis epiglottitis
epileptic epilepticus epiphora epiphysis episcleral episcleritis episode episodes episodic
epitheliopathy epithelium equal equina equine equinovarus equipment erectile erosion errors
erupted eruption erysipeloid erythema erythematosus erythematous erythroblastopenia
erythrocyte erythrocytosis erythroderma erythroid erythropoietic escalator esophageal
esophagitis esophagostomy esotropia essences essential establishments esteem esters
estrangement estrogen estrogens ethanol ethmoidal etiology euthyroid evaluation evasiveness
event events evidence evoked exacerbation examination examinations exanthem exanthematous
excavatum except excess excessive excitation exclude excluding exclusion exclusively excori
executive exercise exercises exertion exertional exhaust exhaustion existing exocervix
exogenous exophthalmos exostoses exotropia expected expectorants explanation explantation
exploding exploitation explosion explosions explosive explosives exposed exposure exposures
expression expressive exstrophy extension extensor extent exterior externa external externum
extra extraarticular extracorporeal extraction extractor extradural extrahepatic extranodal
extraocular extrapyramidal extratesticular extreme extremes extremities extremity extrinsic
eyeball eyelid eyelids eyes face facial faciale facies facilities factitia factor factors
failed falciparum falling fallopian falls false familial fancier farm fascia fascial
fascicular fasciitis fasting father fatigue fats fatty feared features febrile fecal feces
feeding feet femoral femur fentanyl fertility fertilization fertilized fertilizer fetal
fetalis fetishism fetopelvic fetus fetuses fevers fiberglass fibers fibrinolysis
fibroblastic fibroelastosis fibroglandular fibromatosis fibromuscular fibroplasia
fibrosclerosis fibrosing fibrosis fibrosus fibrotic fibrous fibula field fifth fight
figurate filariases filled financial finding finger fingers finishing fire firearm firearms
fires firework first fish fishing fissure fistula fistulae fitting fixation fixed flaccid
flag flames flamethrower flammable flank flashbacks flat flecks flexion flexneri flexor
flexure fluctuations fluency fluid fluids fluke fluoride fluorine fluoroquinolone
fluoroquinolones fluorosis flutter flying focal fogo folate fold foliaceous folk follicle
follicular follicularis following food foodborne foods foot football foramen foramina force
forced forceps forces forearm foregut forehead foreign foreskin form formaldehyde formation
former forming forms fossa found foundling fourth foveoschisis fractures fragile fragilis
fragments free freeze frequent friction friend friendly frisbee frog frogs front frontal
frontotemporal frostbite fructose fructosuria fruits fuels fugax fugue fukutin full fully
fulminating fumes function functional functioning functions fundus fungal fungicides
fungoides furniture furuncle fused fusel fusion gadolinium gain gait galactose gallbladder
gambling game games gamma gammopathy ganglia ganglionic ganglionitis gangliosidosis gangrene
gangrenosum garage garden gardening gaseous gases gasoline gastric gastrin gastritis
gastroenteritis gastroenteropathy gastrojejunal gastroschisis gastrostomy gaze gender gene
generalized generally generator genes genetic geniculate genital genitalia genitals
genitourinary gestation gestational gestationis giant giddiness gigantism gila gingiva
gingival gingivitis gingivostomatitis girdle given gland glands glans glaucoma glenoid
glider gliding global globe globin globulin glomerular glomerulonephritis glossitis
glossopharyngeal glottis glucagon glucocorticoids gluconeogenesis glucosaminoglycan glucose
glutamate glutathione gluten glycine glycogen glycogenosis glycols glycolytic glycoprotein
glycosaminoglycan glycosides goiter golf gonadotropin gonococcal goose gout graft grafts
grain grams grand granuloma granulomatosis granulomatous granulosus grass gravid gravidarum
gravis gravitation greases great greater gren grief grilling grocery groin grooming ground
growth guardian guidance guided guns gymnastics gynecological habit habits haematobium hair
hallucinations hallucinogen hallucinogens halogen halogenated hamartoma hamate hammer hand
handcrafts handgun handle hang hanging harassment hard hardship harm harmful harvester
hazardous hazards head headache headaches heads healed healing healthcare healthy hearing
heat heating heatstroke heavy heel heelies held helicopter helmet helminthiases
helminthiasis helping hematemesis hematocrit hematogenous hematologic hematological hematoma
hematopoietic hematuria hemicrania hemifacial hemiparesis hemiplegia hemiplegic hemisphere
hemispheric hemochromatosis hemodialysis hemoglobin hemoglobinopathies hemoglobinuria
hemolysis hemolytic hemopericardium hemophilia hemopneumothorax hemorrhage hemorrhages
hemorrhagic hemorrhoidal hemorrhoids hemosiderosis hemostatic hemothorax hepatis hepatitis
hepatocellular hepatorenal herbal herbicides hereditary heredofamilial hermaphrodite hernia
herniation heroin herpes herpesviral herpesvirus herpesviruses herpeticum herpetiformis
heterochromic heterogeneous heterophoria heterosexual heterotropia hiatus high highly
highway hiking hindgut hips hirudiniasis histamine histidine histiocytosis
histocompatibility histological histologies histoplasmosis hockey hole holoprosencephaly
homelessness homologues homosexual hoof hook hookworm horizontal hormonal hormone hormones
hornets horse horseback horseplay horseshoe hose host hostilities hotplate hour hours housed
household housing human humanus humerus humidifier humor hunting hydantoin hydatidiform
hydrarthrosis hydrocarbons hydrocele hydrocephalic hydrocephalus hydrocephaly hydrogen
hydronephrosis hydrops hydroureter hydroxylysine hygiene hymen hymenal hyperactive
hyperactivity hyperaldosteronism hyperalimentation hyperammonemia hypercapnia
hypercholesterolemia hyperemesis hyperemia hyperfunction hypergammaglobulinemia
hyperglycemia hyperglycemic hyperglyceridemia hyperglycinemia hyperhidrosis
hyperimmunoglobulinemia hyperlipidemia hypermobility hypernatremia hyperosmolar
hyperosmolarity hyperostosis hyperoxaluria hyperparathyroidism hyperphenylalaninemias
hyperpigmentation hyperplasia hyperplastic hypersecretion hypersensitivity hypersomnia
hypertensive hyperthermia hyperthyroidism hypertonia hypertrichosis hypertrophic hypertrophy
hypnotic hypnotics hypocalcemia hypochondriacal hypodermic hypodontia hypoesthesia
hypofunction hypogammaglobulinemia hypoglossal hypoglycemia hypoglycemic hypogonadism
hypogonadotropic hypoinsulinemia hypomagnesemia hypomanic hyponasality hyponatremia
hypoparathyroidism hypopharyngeal hypopharynx hypophosphatemia hypophosphatemic
hypopituitarism hypoplasia hypopyon hypospadias hypotension hypothermia hypothyroidism
hypotonia hypotony hypoventilation hypoxemia hypoxia hypoxic hysterectomy ichthyosiform
ichthyosis icterohemorrhagica ideations identified identity idiopathic igne ignition
ileostomy ileum ileus iliac ilioischial iliopubic ilium imbricata iminostilbenes immaturity
immediate immediately immune immunity immunization immunodeficiencies immunodeficiency
immunoglobulin immunoglobulins immunologic immunological immunomodulator immunomodulators
immunoproliferative immunoregulatory immunostimulant immunosuppressant immunosuppressants
immunosuppression immunosuppressive immunotherapy impacted impaction impaired impairment
imperfecta impetigo impingement implant implantable implantation implanted implants imported
imposed imprisonment improvised impulse impulsive inaccessibility inactive inadequate
inanimate inappropriate inattentive inborn incarceration incendiary incidental incidents
incipient incisional incline including income incompatibility incompatible incompetence
incompetent incomplete incomprehensible inconclusive incontinence incontinent incoordinate
increased increta indeterminate index indication indigenous indirect individual individually
indoor induced induction industrial industries indwelling inertia inexplicable infancy
infant infantile infants infarction infarcts infected infections infectiosum infective
infectives inferior infertility infestation infestations infiltrative inflammation
inflammations inflammatories inflammatory inflatable influencing influenza influenzae
infrapatellar infrared infrasound infratentorial infundibular infused ingested inguinal
inguinale inhalant inhalation inhaled inherited inhibitor inhibitors initial injectable
injected injection injections injured injuries injuring inlet inline inner innervation
innocent innominate inorganic insect insecticides insecurity insemination insensitivity
inserted insertion insipidus insomnia inspissated instabilities instability institution
institutional instruction instructor instrument instrumental instruments insufficiency
insufficient intake integument intellectual intent intentional interactive interarch
intercondylar intercostal intercuspation interference interferon interior intermediate
intermittent internally internum interocclusal interphalangeal interstitial interstitium
intertrigo intertrochanteric intervention intervertebral intestinal intestine intestines
intimate intolerance intoxication intoxications intra intraabdominal intraarticular
intracapsular intracellulare intracerebral intracondylar intracranial intractable
intraepithelial intrahepatic intraocular intraoperative intrapartum intrapelvic
intraperitoneal intraretinal intraspinal intrathoracic intrauterine intravascular
intravenous intraventricular intrinsic introduce introduction introital intubation inversion
inversus investigation involuntary involuted involved involvement involving iodine ionizing
iridectomy iridocyclitis iron ironing irradiation irregular irritability irritable ischemia
ischemic ischiorectal ischium isochromosome isoimmunization isolated isomaltase isotopes
issue isthmocele isthmus item jammed japonicum jaundice jaws jejunum jellyfish jewelry
jugular jump jumping junction jungle juvenile juxtapapillary karyotype kayak kayaking keloid
keratinized keratitis keratoconjunctivitis keratoderma keratolytics keratomalacia
keratopathy keratoplastics keratosis kernicterus ketoacidosis ketone ketones ketotic
keyboarding kick kitchen knife knitting known kwashiorkor kyphosis labia labial lability
labium labor labrum laceration lacerations lack lacking lacrimal lacrimation lacrimogenic
lacrosse lactam lactamase lactase lactating lactation lactic lactose lacunar ladder
lagophthalmos lait lambliasis lamellar lamppost land landing landlord landscaping landslide
language lanuginosa large larger larva laryngeal laryngitis laryngomalacia
laryngopharyngitis laryngotracheitis larynx laser last lasting late latent later lateral
latex latum latus launch laundry lawn laws laxa laxatives layer layers lead leading leaflet
leak leakage leaves leaving legal legs leiomyoma leishmaniasis leisure length lens lenses
lepromatous leprosy leptospirosis lesions less lesser letalis letter leukemias leukocytes
leukodystrophy leukoencephalitis leukoencephalopathy leukoma leukomalacia leukonychia
leukoplakia level levels libido license lichen lichenoides life lifestyle lift lifting
ligament ligaments ligation ligature light lightning limb limbar limbed limbs limit limited
line linens lines lingual linked lion lipid lipidemia lipidemias lipodystrophy
lipofuscinosis lipoid lipoidica lipomatous lips liquid liquids listeriosis literacy live
liveborn lizard lizards load lobe lobes lobular local localized localizes location locked
lodgers longitudinal loop loosening lordosis louse lower lumbar lumbosacral lump lunate
lupus luteum lying lymph lymphadenitis lymphadenopathy lymphangioma lymphangitis lymphatic
lymphedema lymphoblastic lymphocyte lymphocytic lymphogranuloma lymphohistiocytosis lymphoid
lymphomas lymphoproliferative lymphoreticular lymphotrophic lymphotropic lysergide lysine
lysis lysosomal macaw machine machinery machines macroglobulinemia macrolides macrophthalmos
macrosomia macula macular maculopathy made magna magnesium magnetic magnum main mainly
maintenance major majus malabsorption maladjustment malaise malar malaria malariae malayi
malformation malformations malfunction malignancy malignant mallei malleolus malnutrition
malocclusion malposition malpresentation maltreatment malunion mammalian mammals mammary
mammogram management mandible mandibular manganese manhandling manhole manic manifestation
manifestations mansoni manubrial manubrium manuum marasmus marching margin marginal
marginatum margins marine marked marker markers market marrow martial masochism mast
mastectomy mastication mastitis mastocytosis mastoid mastoidectomy mastoiditis mastopathy
material materials maternal matter mature maturity maxilla maxillary maximum means measles
measurement measures meatal meats meatus mechanical mechanism meconium media medial median
mediastinal mediastinum mediated medicament medicaments medulla medullaris medullary
megacolon megakaryoblastic megaloblastic megaureter meiotic melanin melanoma melena
melioidosis melitensis mellitus melting membrane membranes membranoproliferative membranous
meninges meningitis meningococcal meningococcemia meningococci meningococcus
meningoencephalitis meningomyelitis meniscus menopausal menopause menstrual menstruation
mention merchant mercury mesangial mesangiocapillary mesenteric mesenteritis mesh
mesothelial metabolic metabolism metacarpal metacarpophalangeal metal metals metalworking
metaplasia metapneumovirus metatarsal metatarsophalangeal metatarsus methamphetamines
methanogen methanol methemoglobinemia methemoglobinemias methylglutaconic methylphenidate
micro microangiopathy microbial microbiological microcalcification microcephaly
microdeletions microlight microlithiasis microperforate microphthalmos microscopic microti
microvascular micturition midcarpal midcervical middle midfoot midgut midline migrainosus
migrans milestone milestones miliaria miliary military milk milker milking millipedes mine
mineral mineralocorticoids minimal mining minor minus minutes mirabilis misadventure
misadventures misalignment misdirection misshapen missile mites mitochondrial mitotic mitral
mixed mobility mode modification modulators molar mold mole moniliformis monitoring
monoamine monoamniotic monoblastic monochorionic monoclonal monocular monocytic
mononeuropathies mononeuropathy mononucleosis monosomy monostotic monoxide monster months
mood mopping morbidity morgagnian morganii morphea morphologic morphological mortality
mosaicism mosquito mother motion motor motorcycle motorized mountain mouse mouth movement
movements movers moving mower mucinosa mucocele mucocutaneous mucoid mucopolysaccharidoses
mucopurulent mucormycosis mucosa mucositis mucous mucus mudslide multangular multi
multifidus multifocal multiforme multigravida multilineage multilocularis multinodular
multiparity multiple multiplex multisystemic mumps munitions murmur murmurs muscle muscles
muscular musculocutaneous musculoskeletal mushrooms musical mutation mutations mutilans
mutilation mutism myalgia myasthenia mycobacteria mycobacterial mycobacterium mycoses
mycosis mycotoxin myelinolysis myelitis myeloblastic myelodysplastic myelofibrosis myeloid
myeloma myelomonocytic myelopathies myelopathy myeloproliferative myelosuppressive myiasis
myocardial myocarditis myoclonic myoclonus myokymia myometrium myoneural myopathies myopathy
myopia myositis myotonia myotonic myotubular myringitis myringotomy myxedema myxedematous
nail nails narcotic narcotics narrow nasal nasolacrimal nasopharyngitis nasopharynx native
natural naturally nature navicular navicularis near necessary neck necrolysis necrosis
necrotic necrotizing needing needle neglect neighbors neonatal neonatorum neoplasia neoplasm
neoplasms neoplastic neovascularization nephritic nephritis nephropathy nephrostomy
nephrotic nerve nerves nervosa nervous neural neuralgia neuralgiform neuritis neurocognitive
neurodermatitis neuroendocrine neurofibromatosis neurogenic neuroleptic neuroleptics
neuromuscular neuromyopathy neuron neuronitis neuropathic neuropathies neuropathy
neurostimulation neurostimulator neurosyphilis neurotoxicity neutropenia neutrophilic
neutrophils never nevi nevus newborn nicotina nicotine night nightwear nigra nigricans
nipple nipples nitidus nitric nitroderivatives nitrogen nitroglycerin nocardiosis nocturnal
node nodes nodosa nodosum nodularis noise nonadministration nonautoimmune nonautologous
nonbiological noncollision noncomitancies noncompliance nondisjunction nondisplaced
nondominant nondysenteric nonembolic nonfamilial nonfatal nonflaccid nonhemolytic
nonhydatidiform noninfectious noninfective noninflammatory nonionizing nonketotic
nonmagnetic nonmalignant nonmedicinal nonmosaicism nonmotor nonmotorized nonobliterative
nonobstructing nonobstructive nonodontogenic nonopioid nonparalytic nonpowered nonprivate
nonprocreative nonprogressive nonproliferative nonpsychotic nonpyogenic nonrheumatic
nonruptured nonscarring nonspeaking nonspecific nonsteroidal nonsuicidal nonsuppurative
nonsurgical nonthermal nonthoracic nonthrombocytopenic nontoxic nontraffic nontraumatic
nonunion nonvenomous norepinephrine normally nose nostril notched noted novel noxious nuchae
nuchal nuclear nucleoside nucleotide null numbers nutrient nutritional nuts nyong nystagmus
obeys object objects oblique obliterans obliterative obscuring observation obsessional
obsessive obstacle obstetric obstetrical obstructed obstructing obstruction obturator
occipital occipito occiput occlusal occlusion occlusions occlusive occulta occupant
occupying occurrence occurring ocular oculocutaneous oculogram oculomotor oculopathy
odontogenic official oils olecranon olfactory oligodendrocyte oligohydramnios oligomenorrhea
oligospermia oliguria onboard onset onto oophoritis opacities opacity open opening openings
operated operation operational operations ophthalmic ophthalmological ophthalmoplegia opiate
opiates opioid opioids opium optic optica oral orbit orbital orbitopathy orbits orca
orchitis organ organic organism organisms organizing organophosphate organs orgasm orgasmic
orientation oriented orifice origin originating ornithine orofacial oropharyngeal oropharynx
orphanage orthodontic orthopedic orthopoxvirus orthostatic orthotopic osmolality osmotic
osseointegration osseous ossicles ossificans ossification osteo osteoarthritis
osteoarthropathy osteochondral osteochondrodysplasia osteochondrodysplasias
osteochondropathies osteochondropathy osteochondrosis osteodystrophy osteolysis osteomalacia
osteomyelitis osteonecrosis osteopathies osteopathy osteoporosis otherwise otitis otological
otorhinolaryngological otorhinorlaryngological otosclerosis outcome outdoor outer outlet
output outside oval ovale ovaries ovary overactivity overboard overexertion overfill
overgrowth overhanging overlap overlapping overload overpressure overprotection overturning
overuse ovum oxazolidinediones oxidase oxidation oxides oxygenation oxytocic pacemaker
packing pads paintball paints palate palati palm palmar palmaris palmitoyltransferase palms
palpable palsies pancolitis pancreatic pancreatitis pancytopenia panencephalitis panic
panmyelosis panniculitis pansinusitis paper papillae papillary papilledema papillitis
papillomata papillomavirus papular papules papulosquamous parachutist paracoccidioidomycosis
parafollicularis paraganglia parahaemolyticus parainfluenza paralysis paralytic paramacular
parametritis parametrium paraparesis parapertussis parapharyngeal paraphilias paraplegia
paraplegic parapoxvirus parapsoriasis parasitic parasitism parasomnia parasympatholytics
parasympathomimetics parathyroid paratyphoid paraurethral parent parental parents paresis
paresthetica parietal parieto parkinsonism parotid paroxysmal parrot pars part partial
participation partner parts party passage passages passenger passive patch patella patellae
paternity path pathogenic pathological pathways pattern paved paying peanuts pectoris
peculiar pedal pedestrian pediatrician pedicle pediculosis pedis pellagra pellet pellets
pelvic pelviperitoneum pelviperitonitis pelvis pemphigoid pemphigus penetrans penetrating
penetration penicillin penicillins penile penis penoscrotal peptic perceived percent
percentile perception perceptions perceptual percreta percussion perforans perforated
perforating perforation perforations perfringens perfusion perianal periapical pericardial
pericarditis pericardium perichondritis perimenopausal perinatal perineal perinephric
perineum periocular period periodic periodica periodontal periodontitis peripapillary
peripheral periradicular peristalsis peritoneal peritoneum peritonitis periumbilic
periurethral periventricular permanent peroneal peroxidase peroxisomal peroxisome
perpetrator perpetrators persecution persistence persistent persisting personal personality
personnel persons pertussis pervasive pesticide pesticides petit petroleum petrositis
phagocytophilum phakomatoses phalanx pharyngeal pharyngitis pharyngoconjunctivitis
pharyngoesophageal pharyngotonsillitis pharynx phase phenol phenothiazine phenotype
phenylketonuria pheomycotic phlebectasia phlebitis phlebothrombosis phobia phobias phobic
phosphatases phosphate phosphorus phosphorylase photoallergic phototoxic phthiriasis physeal
physiologic physiological piano picking piedra piercing pigment pigmentary pigmentation
pigmentations pigmented pigmenti pigmentosum pilaris pilates pillar pillow pills pilon
pinched pineal pinna pinta pipe pipes pisiform pituitary place placed placenta placentae
placental places placing placoid plague plana planned planning planopilaris plant plantar
plantaris plants planus plaque plaques plasma plasmacytoma plasmodia plastic plastica plate
platelet platform played playground playing pleura pleural pleurisy plexus plug
pluriglandular plus pneumoconiosis pneumoniae pneumonitis pneumothorax pointes poisoning
polar pole poliomyelitis pollen pollution polo poly polyangiitis polyarteritis polyarthritis
polyarthropathies polyarthropathy polychondritis polycystic polycythemia polyglandular
polyhydramnios polymorphonuclear polymyalgia polyneuritis polyneuropathies polyneuropathy
polyosteoarthritis polyp polyploidy polyposis polyps polyuria pompholyx pontine pool poor
poorly popliteal porokeratosis porphyria porphyrin portal portion portions position possible
post postcricoid postepileptic posterior posthemorrhagic postherpetic posticum postinfection
postinfectious postinfective postinflammatory postmastoidectomy postpartum postprocedural
postrheumatic posture postures potassium potential potentially pouch poverty power powered
pragmatic prebirth precautions precerebral precipitate predominant predominantly pregnancies
pregnancy premature prematurity premenopausal premises preoccupation preparation
preparations preprocedural prepuce prescription presence presentation presenting
preservation pressurized presumed presymptomatic preterm previa previous priapism primarily
prime primigravida primus principally prion prior prison private proceedings process
processing procreation procreative proctitis producing product products profile profunda
progestogens progressiva progressive projected prolapse prolapsed proliferation
proliferations proliferative prolonged promyelocytic propeller properly property
prophylactic prophylaxis propionate propionic prostatectomy prostatic prostatitis prosthesis
prosthetic protectants protein proteinosis proteins proteinuria protozoa protozoal
prowazekii proximal prune prurigo pruritus pseudo pseudoexfoliation pseudohermaphroditism
pseudohole pseudomallei pseudoxanthoma psittaci psittacines psoriasis psoriatic psychiatric
psychoactive psychodysleptics psychological psychosis psychosocial psychostimulant
psychostimulants psychotic psychotropic pterygium ptosis pubertal puberty pubis public
pubocervical puck pudendal puerperal puerperium pull pulled pulmonale pulp pulpal pulpitis
pump punctata punctum puncture pupil pupillary pure purging purine purposes purpura purpuric
pursuit purulent push pushed pushing pustular pyelonephritis pyemic pylori pyloric pylorus
pyogenic pyrazolone pyriform pyrimidine pyrophosphate pyruvate quadra quadrachorionic
quadrant quadrants quadriceps quadriparesis quadriplegia quadriplegic quantitative quard
quills quinolones rabies raccoon racquet radial radiation radiators radical radiculomyelitis
radiculopathy radioactive radiocarpal radiodermatitis radiofrequency radiographic radiologic
radiological radiotherapy radioulnar radius radon rafting rails railway raised raking ramp
ramus range rapamycin rape rapid rappelling rare rash rattlesnake rays reaction reactions
reactive reactivity reading rearrangement rearrangements reason reasons reassignment
reattached reattachment rebound recent receptive receptors recess recession recessive
recipient recluse reconstitution reconstructed reconstruction reconstructive recreation
recreational recruitment rectal rectosigmoid rectosigmoiditis rectovaginal rectum rectus
recurrent reduced reductase reduction redundant refereeing reflex reflux reform refraction
refractory refrigerator refusal regaining regimen region regions regressed regular
regulation regurgitated rehabilitative reinsertion rejection relapse relapsing related
relationship relative relaxants relaxation release relief religious relocation remaining
remediable remedies remedying remission remitting removal remove removed render repair
repeat repeated repetitive replaced replacement reported reproduction reproductive reptiles
requested research residence residential residing residual resistance resistant resolved
resonance resorption resources respirator responder response responsiveness rest restoration
restorative restraint restricted restricting restriction restrictive result resulting
resuscitate resuscitation retained retardation retention reticular reticulata
reticulohistiocytic reticuloid retina retinal retinopathy retinoschisis retraction
retrobulbar retromolar retroperitoneal retroperitoneum retroversion retrovirus reuptake
reversal reversible rhegmatogenous rhesus rheumatic rheumatica rheumatism rheumatoid
rhinitis rhinovirus rhomboid rhomboidalis rhythm rhythmic ribs rickets rickettsii
rickettsioses ridden rider ridge riding rifampicins rifle rigidity rigidus ring rink risk
ritual rivalry road roadways rock rodent rodenticides role roller rolling roof root roots
rope rosacea rosea rotating rotation rotator rough round routine rowing rubber rubella ruber
rubra rugby ruled rumination running rupture ruptured saccadic sacral sacrococcygeal
sacroiliac sacrum sacs saddle sadism safety saginata sailboat salicylates saline saliva
salivary salmonella salpingitis salt salts sampling sandflea sanguinous saphenous
sarcoglycan sarcoidosis sarcoma sarcomas satiety saucepan scaffolding scalded scalp scan
scanty scapegoating scaphoid scapula scapular scar scarring scars schedule scheduled
schistosomiasis schizoaffective schizotypal scholastic school sciatic sciatica scissors
sclera scleritis scleroderma sclerosing sclerosis sclerosus scoliosis scooter scorpion
scratch screening scrotal scroti scrotum seafood sealant seasonal seborrheic second
secondary secretion section sedation sedative sedimentation seed seeds segment segmental
selective selenium self selvagem semilunar seminal senilis sennetsu sensation sensations
sense senses sensitive sensitivity sensitization sensorineural sensory separation septa
septal septic septum sequela sequelae sequestration seroma seronegative serotonin serous
serpiginosa serrata serrated serum setting seventh severity sewing sexual sexually shaft
shape shark shearing sheath shell shellfish shift shigellosis ship shipyard shock shoe
shortening shotgun shoveling shower showering shuddering shunt shunting sialoadenitis
siberica sibling sicca sick sickle sickness side sided sideroblastic sideroblasts sidewalk
sidewall sigmoid significance significant silica simian similar simple simplex simulation
sinking sinus sinuses sinusitis siphon site sites situ situational sixth size skate
skateboard skateboarder skateboarding skater skates skating skeletal skeleton skier skiing
skillet skills skis skull sled sledding sleeping slide slight slipped slipping slow smaller
smallpox smear smearing smell smoke smoking smooth smothering snake snakes snorkeling
snowboard snowboarding snowmobile soaps soccer socioeconomic sodium sofa soft softball soil
soles solid solids solium solute solvent solvents somatic somatoform somnambulism sonnei
sound sounds source space spacecraft spacing sparganosis spasm spasmolytics spasms spastic
spatial special species specific specifically specification specified spectacles spectator
spectrum spermatic spermatocele sphenoid sphenoidal spherocytosis spheroids sphincter
sphingolipid sphingolipidosis spider spina spinal spines spiral spirochetal splanchnic
spleen splenic splenomegaly splitting spondylitis spondyloarthritis spondylolisthesis
spondylopathies spondylopathy spondylosis spontaneous sporotrichosis sport sports spot spots
spotted spousal spouse spring springboard sprue spur sputum squamous squirrel stabbing
stability staff staining stairs stampede standing staphylococcal staphylococci staphyloma
state stated static station stationary stature status stay steam steatohepatitis steatorrhea
stem stenosis stent stents step stepped stepping steps stepsibling stereopsis sterile
sterilization sternal sternoclavicular sternocleidomastoid sternum steroid steroidal
steroids stick stiff stillbirth stillborn stimulant stimulation stimulator stingray stock
stoma stomach stomatitis stool storage store storm storms stove strabismus strain strands
streak streaks stream street streetcar strengthening strenuous streptococcal streptococci
stress stressful striatus stricture strike striking string stripper stroller stromal
strongyloidiasis struck structural structurally structure structures strychnine studies
study stumbling stump stung stupor styloid subacute subaortic subaponeurotic subarachnoid
subareolar subcapsular subclasses subclavian subcondylar subcortical subcutaneous subdermal
subdural subfoveal subglottic subglottis subitum subjective sublingual subluxation
submandibular submersion submucous subsegmental subsequent substance substances substitutes
substitution subtrochanteric subtype subway succedaneum succinimides sudden suffocation
suicidal suicide suis sulfide sulfonamides sulfur summer sunlight sunstroke super
superficial superior supersonic supervision supplemental supply supported supporting
suppurativa suppurative supracondylar supraglottis supranuclear supratentorial
supraventricular surface surfacing surfing surgically surrounding surveillance surviving
susceptibility susceptible suspect suspected suture sutures swallowed sweat swelling
swimming swing sword symbolic sympathetic symphysis symptom symptomatic symptoms synapse
synaptopathy syncope syncytial syndromes synechiae synovitis synovium synthesis synthetases
synthetic syphilis syphilitic syringobulbia syrup system systemic systemically systolic
tabetic tachycardia tachypnea tackle taeniasis tags tail taipan take taken talc talipes tall
talus tamponade tank tanning tarantula tarda target tarsal tarsometatarsal tarsus taste
teachers tearing technology teeth telangiectasia telangiectasis temporal temporomandibular
tenderness tendineae tendinitis tendon tendons tenesmus tennis teno tenosynovitis tension
term terminal termination terrain terrorism terrorist terrors testes testicle testicles
testicular testing testis tetanus tetany tetrachloride tetrachloroethylene tetracyclic
tetracyclines texture thalassemia thalassemias thallium theater therapeutic therapist
thermal thiamine thickening thigh thiothixene third thirds thoracic thoracoabdominal
thoracolumbar thoracotomy thorax thorns thoughts thread threat threatening three threshold
thrive throat thrombocythemia thrombocytopenia thrombocytopenic thrombocytosis
thromboembolic thromboembolism thrombolytic thrombophilia thrombophlebitis thrombosis
thrombotic thrown thumb thunderclap thunderstorms thymic thymus thyroiditis thyrotoxic
thyrotoxicosis tibia tibial tibiofibular tick tics timori tinea tinnitus tire tissue tissues
titer toad toads toaster tobacco tobogganing toes toilet tolerance tone tongue tonsil
tonsillar tonsillitis tonsils tool tools tooth tophaceous tophi tophus topical topically
topoisomerase torpedo torsion torticollis tortuosity total totalis touch towards toxic
toxicum toxin toxins toxoplasma toxoplasmosis trachea tracheitis tracheo tracheoesophageal
tracheomalacia tracheostomy trachoma track tract traction tracts trade traffic train
training trait trampolining transaminase transcondylar transcription transdermal
transepidermal transformation transfused transfusion transfusions transient transit
transition transitions transitory translational translocation translucency transmetacarpal
transmission transmitted transphalangeal transplantation transplanted transport
transposition transthyretin transverse transvestism trapezium trapezoid trapped trauma
traumatic traumatica travel treatment tree tremor triad trial triamniotic triatriatum
tributary triceps trichiasis trichloroethylene trichodermal trichomoniasis trichorionic
tricuspid tricyclic trigeminal trigone trimalleolar trimester triplet tripping triquetrum
trisomies trochanter trochanteric trochlear tropica truck true trunk trypanosomiasis
tryptasemia tryptophan tsutsugamushi tubal tube tubercle tuberculin tuberculoid tuberculoma
tuberculosis tuberosity tubes tubing tubotympanic tubular tubulo tularemia tumors tunica
tunnel turbinates turkey turtle turtles twin twins twist tympanic tympanum types typhi
typhoid typhus typing tyrosine tyrosinemia ulceration ulcerative ulcers ulerythematosa ulna
ulnar ulnocarpal ulnohumeral ultralight ultrasonic ultraviolet umbilical umbilicus umbrella
unable unarmed unattainable unavailability unavailable uncertain unciform uncomplicated
uncontrolled unconventional underdevelopment underdosing underfill underground
underimmunization underlying underwater undescended undetermined unemployment unguium
unidentified unilateral uninfected unintended unintentional unisystemic universalis unknown
unpowered unrelated unrestricted unsatisfactory unspecified unstable unstageable unusually
unwanted upbringing upper urachus uranium urea uremia uremic ureter ureteral ureteric
uretero ureterocele ureteropelvic ureterovesical ureters urethra urethral urethritis
urethrorectal urgency uric urination urine urogenital uropathy urticaria urticarial used
using ussler usually utensil uteri uterine utero uterosacral uterovaginal uterus utilities
utility uveitis uvula vaccinated vaccination vaccine vaccines vaccinia vacuum vacuuming
vagina vaginal vaginalis vaginally vaginitis vagus valga valgus vallecula valve valves
vanishing vapors vara variable variants varicella varices varicose varioliformis various
varus vasa vasculare vascularization vasculitis vasculopathies vasculopathy vasoconstriction
vasocutaneous vasodilators vasospasm vasospastic vault vegetables vegetans vegetative
vehicle vehicles vein veins vena venereal venereum veno venom venomous venosus venous
ventilator ventouse ventral ventricle ventricles ventricular ventriculoarterial verbal
vermilion versicolor versus vertebra vertebrae vertebral vertical vertigo vesicant vesicle
vesicles vesico vesicostomy vesicular vessel vessels vestibular vestibule vestibulitis
viability viable vibration victim viral virus viruses viscera visceral viscosity visible
vision visual visually vitamin vitamins vitreoretinal vitreous vitro vivax vocal voice void
volar volcanic volleyball vomit vulgaris vulnificus vulva vulvae vulvar vulvitis vulvodynia
vulvovaginitis waiting wake walking warfare warfarin wart warts washed wasps wasting water
watercraft wave waves weakening weakness weapon weapons wear weightless weightlessness
weights welchii welding welfare well wheelchair wheeled whether whole widow wild wilderness
window winds windsurfing wing wiring withdrawal within without woodworking words workbench
worker working workmates wrestling written wrong wrongly xanthinuria xenogenic xerophthalmic
xerosis xiphoid xylazine yacht yard yatapoxvirus yaws yellow yersiniosis yoga zary zero zinc
zonular zoonotic zoster zygoma zygomycoses
"""
CLINICAL_WORDS: frozenset[str] = frozenset(_CLINICAL_WORDS.split())

# Drug names, brand and generic, and the names of their pens and inhalers: capitalised
# words in a note that are not people ("started Humira Pen", "Trelegy Ellipta").
_DRUG_NAMES = """
abilify actemra actonel actos adderall admelog advair advil afrin aimovig ajovy albuterol
aldactone aleve allegra amaryl ambien amitiza amoxil anoro antabuse apidra aranesp arava
aricept arimidex armour aromasin asmanex aspirin ativan atrovent augmentin austedo
autoinjector auvi avapro avastin avodart azilect baclofen bactrim basaglar bayer belsomra
benadryl benicar biaxin biktarvy boniva botox breo brilinta briviact bumex buspar bydureon
byetta calcitriol calquence campral caplyta carafate cardizem celebrex celexa chantix cialis
cimzia cipro claritin cleocin clomid clozaril colace combivent compazine concerta copaxone
coreg cosentyx coumadin cozaar crestor cymbalta cytomel daliresp darzalex decadron demadex
depakote depo descovy desyrel detrol dificid diflucan dilantin dilaudid diovan diskus
ditropan doxycycline dulcolax dulera duoneb dupixent ecotrin effexor effient eliquis ellipta
emgality enbrel entresto epclusa epipen epogen erbitux estrace evenity exelon famvir farxiga
femara feosol ferrous fiasp flagyl flexeril flexpen flomax flonase flovent focalin forteo
fosamax gemtesa genvoya geodon gilenya gleevec glucophage glucotrol haldol handihaler
harvoni herceptin humalog humira humulin hydrochlorothiazide ibrance imbruvica imdur imfinzi
imitrex imodium incruse ingrezza inhub intuniv invega invokana jantoven janumet januvia
jardiance kayexalate kcl keflex keppra kevzara keytruda kisqali klonopin klor kwikpen
lagevrio lamictal lamisil lantus lasix latuda levaquin levemir levoxyl lexapro linzess
lipitor lisinopril lithobid loestrin lokelma lopressor lotensin lunesta lupron lyrica
lyumjev macrobid mavyret maxalt medrol metformin methadone micardis microzide miralax
mirapex mirena mobic motrin mounjaro mucinex myrbetriq namenda narcan nasonex neulasta
neupogen neurontin nexium nexplanon nicoderm nicorette nitrostat norco norvasc novolin
novolog nurtec ocrevus olumiant opdivo orencia otezla otrexup oxycontin ozempic paxil
paxlovid pen pepcid percocet phenergan phoslo plaquenil plavix potassium pradaxa pravachol
prednisone premarin pressair prilosec prinivil pristiq proair procardia procrit prolia
prometrium proscar protonix proventil provera prozac pulmicort pyridium qvar ranexa razadyne
reclast reglan relpax remeron remicade renvela requip respimat restoril revlimid rexulti
rhinocort rinvoq risperdal ritalin rituxan robaxin robitussin rocephin rybelsus savaysa
saxenda senokot sensipar sensoready seroquel simponi sinemet singulair skelaxin skyrizi slow
solostar solumedrol sonata spiriva sprycel stelara stiolto strattera sublocade suboxone
subutex sudafed symbicort synthroid taltz tamiflu tamoxifen tapazole tasigna tecentriq
tecfidera tegretol tenormin tessalon tirosint topamax toprol toradol toujeo tradjenta
tramadol trazodone trelegy tremfya tresiba trileptal triumeq trulicity truvada turbuhaler
tylenol ubrelvy ultram unithroid valium valtrex vancocin vasotec velcade veltassa venclexta
ventolin verzenio vesicare viagra vibramycin vicodin victoza vimpat vitamin vivitrol
voltaren vraylar vyvanse wegovy wellbutrin xanax xarelto xeljanz xenazine xifaxan xofluza
xopenex xtandi xyzal yaz yervoy zanaflex zantac zepbound zestril zetia zithromax zocor
zofran zoladex zoloft zomig zonegran zosyn zovirax zyprexa zyrtec zytiga
"""
DRUG_NAMES: frozenset[str] = frozenset(_DRUG_NAMES.split())

# Words in the names of organisations, places and programmes.
_ORGANISATION_WORDS = """
associates partners group services systems institute foundation university college
pharmacy labs laboratory laboratories medical regional community memorial general county
valley saint st mount mt fort ft lake river park north south east west central
university's children's women's veterans affairs administration department program
programme network alliance collaborative consortium plan plans insurance mutual blue
cross shield kaiser permanente aetna cigna humana medicare medicaid tricare united
healthcare healthcorp health-system clinics hospitals hospice rehab rehabilitation
outpatient inpatient urgent walk-in telehealth virtual portal mychart epic cerner
"""
ORGANISATION_WORDS: frozenset[str] = frozenset(_ORGANISATION_WORDS.split()) - {
    name.lower() for name in SURNAMES | GIVEN_NAMES
}
