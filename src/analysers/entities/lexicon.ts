/** Small closed word lists the entity rules use (general English news usage; folded, lower case). */

const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/** Words an alias may have in lower case in running text ("eastern Ghouta", "Deir el-Zor"). */
export const LOWER_OK = set(`al el ul ad ar as ash at az an ez es ed er ud of the de la le du des da do dos del and on upon y en sur am im bin ibn
  eastern western northern southern central north south east west upper lower greater northeastern northwestern southeastern southwestern`);

/** Lower-case words an alias may have inside it (never first): "Organization for Security and Co-operation in Europe". */
export const INNER_OK = set('for in to with on at by');

/** Words after a place name that make it an administrative unit ("Idlib province"). */
export const ADMIN_SUFFIX = set('province governorate county parish oblast region district prefecture municipality krai canton state');

/** Words before a name that make it a place. */
export const LOCATIVE = set('in near at from outside into to across around toward towards via through throughout between inside within across northern southern eastern western central north south east west downtown');

/** Words after a town name that make the phrase a street or building, not the town ("Dublin Road"). */
export const STREET = set('street st road rd avenue ave boulevard blvd drive dr lane ln highway hwy pike way court ct parkway pkwy place pl trail circle terrace alley');

/** Heads of organisation names that keep the place inside them a place ("Gainesville Police"). */
export const ORG_HEAD = set(`police department county city town township village borough school schools high middle elementary university college
  hospital medical church fire sheriff sheriffs council board times news post herald tribune journal gazette airport station
  library museum zoo park mall center centre chamber court district hall community public regional state area metro`);

/** Words before a town that belong to its name or are harmless ("Mount", "New", "The"). */
export const PRE_OK = set(`mount mt fort ft port lake new north south east west northern southern eastern western greater downtown central upper lower
  saint st san santa los las el la le the a an and or of in on at to for from by with near into about after before during`);

/** Titles before a person's name. */
export const TITLES = set(`general gen president pres minister colonel col lieutenant lt major maj captain capt sergeant sgt admiral adm commander
  mr mrs ms miss dr doctor senator sen representative rep congressman congresswoman governor gov mayor judge justice sheriff
  deputy chief secretary ambassador spokesman spokeswoman spokesperson director king queen prince princess sheikh emir ayatollah
  imam rabbi pope bishop cardinal chancellor premier chairman chairwoman ceo professor prof officer detective trooper agent
  leader commissioner attorney councilman councilwoman coach pastor reverend rev`);

/** Verbs and nouns after a capital that make it stand for its government ("Moscow said", "Washington's policy"). */
export const METONYM_NEXT = set(`said says say has have had is was will would wants wanted accused accuses warned warns denied denies claims claimed
  insists insisted sees saw believes believed announced announces responded reacted blamed blames threatened threatens rejected
  rejects demanded demands ordered launched sent backed supports supported condemned condemns urged urges vowed vows
  refused refuses agreed agrees hopes fears signed imposed policy position response decision regime government ally allies
  backing support strategy plan role stance influence officials leadership intentions aims administration line`);

/** Capitalised words that head a name run but are not names (sentence-case headlines, function words). */
export const STOP_CAP = set(`the a an and or but of in on at to for from by with as is are was were be this that these those it its he she they we
  i you his her their our my your if when while after before during since until because although though however meanwhile
  firstly secondly thirdly finally also then there here what which who whom whose where why how all any some no not
  mr mrs ms dr`);
