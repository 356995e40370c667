/**
 * Trigger lexicon: verbs and nouns that report a political event, each with its PLOVER type, an optional mode and
 * the closest CAMEO code (for users of GDELT-era data). Written for news in general, in the spirit of
 * PETRARCH-style dictionaries: a trigger may require a word nearby (`near`) when its event sense is not its only one
 * ("deliver" is AID only with aid words near it; "release" is RETREAT only with captives).
 */
export type PloverType =
  | 'AGREE' | 'CONSULT' | 'SUPPORT' | 'CONCEDE' | 'COOPERATE' | 'AID' | 'RETREAT' | 'REQUEST' | 'ACCUSE' | 'REJECT'
  | 'THREATEN' | 'PROTEST' | 'SANCTION' | 'MOBILIZE' | 'COERCE' | 'ASSAULT';

export interface TriggerEntry {
  /** Base form; several words for phrases ("call for", "air strike"): the first word of a verb phrase or the last of a noun phrase inflects. */
  trigger: string;
  pos: 'v' | 'n';
  type: PloverType;
  mode?: string;
  cameo: string;
  /** The sentence must match this within a few words of the trigger for the trigger to count. */
  near?: RegExp;
  /** A head that takes an embedded event ("agreed to withdraw", "threatened to attack"): the embedded one is absorbed. */
  head?: boolean;
  /** A modal head ("X said Y must return ..."): its embedded verb follows directly, without "to" or "that". */
  modal?: boolean;
}

const AID_WORDS = /\b(aid|arms|weapons|equipment|material|ammunition|food|medicine|medical|supplies|assistance|relief|humanitarian|vaccines?|tents|blankets|grain|fuel|water|loans?|grants?|funds|funding|\$|dollars|euros|worth|million|billion)\b/i;
const CAPTIVES = /\b(prisoners?|hostages?|detainees?|captives?|soldiers?|journalists?|activists?|civilians|crew|sailors|fishermen|from (?:custody|detention|prison|jail))\b/i;
const FORCE_WORDS = /\b(troops|soldiers|forces|tanks|warships|ships|jets|aircraft|battalions?|brigades?|units|police|militia|fighters|reinforcements|missiles|army|navy)\b/i;
const WEAPON_TARGET = /\b(at|on|into|upon)\b/i;
const AGREEMENT_WORDS = /\b(agreement|accord|deal|treaty|pact|memorandum|ceasefire|truce|declaration|protocol|contract)\b/i;
const SANCTION_OBJ = /\b(sanctions?|embargo|tariffs?|travel ban|asset freeze|restrictions)\b/i;

const v = (trigger: string, type: PloverType, cameo: string, extra: Partial<TriggerEntry> = {}): TriggerEntry => ({ trigger, pos: 'v', type, cameo, ...extra });
const n = (trigger: string, type: PloverType, cameo: string, extra: Partial<TriggerEntry> = {}): TriggerEntry => ({ trigger, pos: 'n', type, cameo, ...extra });

export const LEXICON: TriggerEntry[] = [
  // AGREE: intent to cooperate, agreements reached
  v('agree', 'AGREE', '030', { head: true }), v('pledge', 'AGREE', '030', { head: true }), v('promise', 'AGREE', '030', { head: true }),
  v('offer', 'AGREE', '030', { head: true }), v('vow', 'AGREE', '030', { head: true }), v('commit', 'AGREE', '030', { head: true }),
  v('accept', 'AGREE', '030'), v('reach', 'AGREE', '030', { near: AGREEMENT_WORDS }), n('agreement', 'AGREE', '030'),
  v('volunteer', 'AGREE', '030', { head: true }), v('undertake', 'AGREE', '030', { head: true }),
  // CONSULT
  v('meet', 'CONSULT', '040'), v('visit', 'CONSULT', '042', { mode: 'visit' }), v('host', 'CONSULT', '043', { mode: 'host' }),
  v('negotiate', 'CONSULT', '046'), v('discuss', 'CONSULT', '040'), v('consult', 'CONSULT', '040'), v('confer', 'CONSULT', '040'),
  v('mediate', 'CONSULT', '045'), v('phone', 'CONSULT', '041', { mode: 'phone' }), v('telephone', 'CONSULT', '041', { mode: 'phone' }),
  v('arrive', 'CONSULT', '042', { mode: 'visit', near: /\b(visit|talks|meeting|summit|tour|arrived in)\b/i }),
  n('talks', 'CONSULT', '046'), n('summit', 'CONSULT', '040'), n('visit', 'CONSULT', '042', { mode: 'visit' }), v('hold talks', 'CONSULT', '046'),
  // SUPPORT (verbal)
  v('praise', 'SUPPORT', '051'), v('endorse', 'SUPPORT', '051'), v('welcome', 'SUPPORT', '051'), v('commend', 'SUPPORT', '051'),
  v('hail', 'SUPPORT', '051'), v('congratulate', 'SUPPORT', '051'), v('back', 'SUPPORT', '051', { near: /\b(plan|proposal|bid|candidate|resolution|government|move|call|efforts?|initiative)\b/i }),
  v('support', 'SUPPORT', '051'), v('recognize', 'SUPPORT', '054'), v('recognise', 'SUPPORT', '054'), v('apologize', 'SUPPORT', '055'),
  v('apologise', 'SUPPORT', '055'), v('forgive', 'SUPPORT', '056'), v('sign', 'SUPPORT', '057', { near: AGREEMENT_WORDS }), v('defend', 'SUPPORT', '052', { near: /\b(decision|policy|right|record|actions?|position)\b/i }),
  v('establish', 'SUPPORT', '054', { near: /\b(diplomatic|ties|relations|embassy)\b/i }), v('upgrade', 'SUPPORT', '054', { near: /\b(ties|relations)\b/i }),
  v('restore', 'SUPPORT', '054', { near: /\b(diplomatic|ties|relations)\b/i }), v('normalize', 'SUPPORT', '054', { near: /\b(ties|relations)\b/i }),
  // COOPERATE (material)
  n('war games', 'COOPERATE', '062'), n('joint military exercises', 'COOPERATE', '062'),
  v('cooperate', 'COOPERATE', '060'), v('collaborate', 'COOPERATE', '060'), v('share', 'COOPERATE', '064', { near: /\b(intelligence|information|data)\b/i }),
  v('extradite', 'COOPERATE', '063'), n('joint exercise', 'COOPERATE', '062'), n('joint patrol', 'COOPERATE', '062'),
  // AID
  v('donate', 'AID', '070'), v('aid', 'AID', '070'), v('deliver', 'AID', '070', { near: AID_WORDS }), v('provide', 'AID', '070', { near: AID_WORDS }),
  v('send', 'AID', '070', { near: AID_WORDS }), v('airlift', 'AID', '070'), v('grant', 'AID', '071', { near: AID_WORDS }), v('fund', 'AID', '071'),
  v('evacuate', 'AID', '073'), v('rescue', 'AID', '073'), v('shelter', 'AID', '075'), v('supply', 'AID', '070', { near: AID_WORDS }),
  n('rescue mission', 'AID', '073'), v('grant', 'AID', '075', { near: /\b(asylum|refuge|visas?)\b/i }), n('aid', 'AID', '070', { near: /\b(sent|delivered|provided|pledged|gave|arrived|shipment|convoy|package)\b/i }),
  // CONCEDE
  v('concede', 'CONCEDE', '080'), v('yield', 'CONCEDE', '080'), v('accede', 'CONCEDE', '083'), v('relent', 'CONCEDE', '080'),
  v('ease', 'CONCEDE', '081', { near: /\b(restrictions|curbs|rules|controls|ban)\b/i }), v('resign', 'RETREAT', '0831', { mode: 'resign' }),
  v('step down', 'RETREAT', '0831', { mode: 'resign' }), v('pardon', 'CONCEDE', '081'), v('grant amnesty', 'CONCEDE', '081'),
  // RETREAT
  v('withdraw', 'RETREAT', '0874', { mode: 'withdraw' }), v('retreat', 'RETREAT', '0874', { mode: 'withdraw' }), v('pull out', 'RETREAT', '0874', { mode: 'withdraw' }),
  v('pull back', 'RETREAT', '0874', { mode: 'withdraw' }), v('demobilize', 'RETREAT', '0873', { mode: 'disarm' }), v('demobilise', 'RETREAT', '0873', { mode: 'disarm' }),
  v('disarm', 'RETREAT', '0873', { mode: 'disarm' }), v('release', 'RETREAT', '0841', { mode: 'release', near: CAPTIVES }), v('free', 'RETREAT', '0841', { mode: 'release', near: CAPTIVES }),
  v('lift', 'RETREAT', '0872', { near: /\b(blockade|siege|curfew|sanctions?|embargo|ban|restrictions)\b/i }), n('ceasefire', 'RETREAT', '0871', { mode: 'ceasefire', near: /\b(declared|announced|agreed|observe|implement|holds?|began|took effect)\b/i }),
  n('withdrawal', 'RETREAT', '0874', { mode: 'withdraw' }), v('allow', 'RETREAT', '086', { mode: 'access', near: /\b(inspectors|observers|monitors|peacekeepers|aid workers|access|aid trucks|convoys|humanitarian)\b/i }),
  // REQUEST (older DEMAND)
  v('demand', 'REQUEST', '100', { head: true }), v('urge', 'REQUEST', '100', { head: true }), v('ask', 'REQUEST', '100', { head: true }),
  v('request', 'REQUEST', '100', { head: true }), v('call for', 'REQUEST', '100'), v('call on', 'REQUEST', '100', { head: true }), v('appeal', 'REQUEST', '100', { head: true }),
  v('press', 'REQUEST', '100', { head: true, near: /\bpress\w*\s+\w+(\s+\w+)?\s+(to|for)\b/i }), v('order', 'REQUEST', '100', { head: true, near: /\border\w*\s+(?:\w+\s+){0,4}to\b/i }),
  v('insist', 'REQUEST', '100', { head: true }), v('must', 'REQUEST', '100', { head: true, modal: true, near: /\b(said|says|declared|insisted|stated|concluded|told|warned|demanded|reiterated|added|argued|maintained)\b/i }), v('pressure', 'REQUEST', '100', { head: true }), v('seek', 'REQUEST', '100', { near: /\b(asylum|refuge|help|aid|support|extradition|release|clarification|compensation)\b/i }), v('summon', 'REQUEST', '100'), n('demand', 'REQUEST', '100'), n('appeal', 'REQUEST', '100'), n('ultimatum', 'THREATEN', '130'),
  // ACCUSE (older DISAPPROVE, INVESTIGATE)
  v('accuse', 'ACCUSE', '112', { mode: 'allege' }), v('blame', 'ACCUSE', '112', { mode: 'allege' }), v('allege', 'ACCUSE', '112', { mode: 'allege' }),
  v('charge', 'ACCUSE', '1121', { mode: 'allege', near: /\b(with|of)\b/i }), v('indict', 'ACCUSE', '1121', { mode: 'allege' }), v('sue', 'ACCUSE', '115', { mode: 'allege' }),
  v('condemn', 'ACCUSE', '111', { mode: 'disapprove' }), v('criticize', 'ACCUSE', '111', { mode: 'disapprove' }), v('criticise', 'ACCUSE', '111', { mode: 'disapprove' }),
  v('denounce', 'ACCUSE', '111', { mode: 'disapprove' }), v('deplore', 'ACCUSE', '111', { mode: 'disapprove' }), v('slam', 'ACCUSE', '111', { mode: 'disapprove' }),
  v('rebuke', 'ACCUSE', '111', { mode: 'disapprove' }), v('censure', 'ACCUSE', '111', { mode: 'disapprove' }), v('complain', 'ACCUSE', '111', { mode: 'disapprove' }),
  v('investigate', 'ACCUSE', '090', { mode: 'investigate' }), v('probe', 'ACCUSE', '090', { mode: 'investigate' }), n('investigation', 'ACCUSE', '090', { mode: 'investigate', near: /\b(opened|launched|began|ordered|into|under)\b/i }),
  v('dispatch', 'ACCUSE', '090', { mode: 'investigate', near: /\b(inspectors|investigators|monitors|fact-finding)\b/i }), n('hearing', 'ACCUSE', '090', { mode: 'investigate', near: /\b(into|court|tribunal|inquiry)\b/i }),
  n('inquiry', 'ACCUSE', '090', { mode: 'investigate', near: /\b(opened|launched|began|ordered|into|set up)\b/i }), v('implicate', 'ACCUSE', '112', { mode: 'allege' }), n('accusation', 'ACCUSE', '112', { mode: 'allege' }), v('publish', 'ACCUSE', '112', { mode: 'allege', near: /\b(evidence|imagery|images|photos|proof|documents|footage)\b/i }),
  // REJECT
  v('reject', 'REJECT', '120'), v('renege', 'REJECT', '120'), v('back out', 'REJECT', '120'), v('refuse', 'REJECT', '120', { head: true }), v('veto', 'REJECT', '1241'), v('rebuff', 'REJECT', '120'), v('dismiss', 'REJECT', '120', { near: /\b(claims?|allegations?|reports?|calls?|demands?|proposal|offer|charges?|accusations?)\b/i }),
  v('deny', 'REJECT', '120', { near: /\b(claims?|allegations?|reports?|charges?|accusations?|involvement|responsibility|access|entry|request)\b/i }), v('oppose', 'REJECT', '120'), v('decline', 'REJECT', '120', { head: true }), v('spurn', 'REJECT', '120'), v('resist', 'REJECT', '120', { near: /\b(pressure|calls|demands)\b/i }),
  // THREATEN
  v('threaten', 'THREATEN', '130', { head: true }), v('warn', 'THREATEN', '130', { head: true, near: /\b(would|will|could|of|against|consequences|retaliat\w*|response|action)\b/i }), n('threat', 'THREATEN', '130', { near: /\b(issued|made|renewed|repeated)\b/i }),
  // PROTEST
  v('protest', 'PROTEST', '140', { mode: 'demo' }), v('demonstrate', 'PROTEST', '141', { mode: 'demo' }), v('rally', 'PROTEST', '141', { mode: 'demo' }), v('march', 'PROTEST', '141', { mode: 'demo', near: /\b(protest|demand|against|through|streets|rally|thousands|hundreds)\b/i }),
  v('riot', 'PROTEST', '145', { mode: 'riot' }), v('picket', 'PROTEST', '143', { mode: 'strike' }), n('hunger strike', 'PROTEST', '142', { mode: 'hunger' }), n('general strike', 'PROTEST', '143', { mode: 'strike' }),
  v('strike', 'PROTEST', '143', { mode: 'strike', near: /\b(workers|unions?|teachers|doctors|nurses|miners|employees|staff|pay|wages|pensions?)\b/i }), v('boycott', 'PROTEST', '143', { mode: 'boycott' }),
  n('strike', 'PROTEST', '143', { mode: 'strike', near: /\b(workers|unions?|teachers|doctors|nurses|miners|employees|staff|pay|wages|pensions?|went on|go on|called a)\b/i }),
  n('protest', 'PROTEST', '140', { mode: 'demo' }), n('demonstration', 'PROTEST', '141', { mode: 'demo' }), n('riot', 'PROTEST', '145', { mode: 'riot' }), v('blockade', 'COERCE', '191', { mode: 'restrict' }),
  n('sit-in', 'PROTEST', '141', { mode: 'obstruct' }), v('block', 'PROTEST', '144', { mode: 'obstruct', near: /\b(protesters|demonstrators|workers|farmers|strikers|activists|residents)\b/i }), v('vandalize', 'PROTEST', '145', { mode: 'vandalize' }),
  // SANCTION
  v('sanction', 'SANCTION', '163', { mode: 'discontinue' }), n('suspension', 'SANCTION', '16', { mode: 'discontinue', near: /\b(aid|talks|relations|ties|links|flights|trade|membership|cooperation)\b/i }),
  v('prohibit', 'SANCTION', '16', { mode: 'discontinue', near: /\b(aid|trade|imports|exports|flights|arms sales|investment)\b/i }), v('impose', 'SANCTION', '163', { mode: 'discontinue', near: SANCTION_OBJ }), v('expel', 'SANCTION', '1663', { mode: 'expel', near: /\b(diplomats?|ambassador|envoy|embassy|staff|observers|peacekeepers|monitors|journalists)\b/i }),
  v('sever', 'SANCTION', '161', { mode: 'discontinue' }), v('break off', 'SANCTION', '161', { mode: 'discontinue' }), v('cut ties', 'SANCTION', '161', { mode: 'discontinue' }),
  v('suspend', 'SANCTION', '16', { mode: 'discontinue', near: /\b(aid|talks|relations|ties|cooperation|membership|flights|trade|negotiations|assistance|funding)\b/i }), v('recall', 'SANCTION', '161', { mode: 'withdraw', near: /\b(ambassador|envoy|diplomats?)\b/i }),
  v('freeze', 'SANCTION', '163', { mode: 'discontinue', near: /\b(assets|accounts|funds|aid)\b/i }), v('halt', 'SANCTION', '16', { mode: 'discontinue', near: /\b(aid|talks|trade|cooperation|exports|imports|funding)\b/i }),
  n('sanctions', 'SANCTION', '163', { mode: 'discontinue', near: /\b(imposed|impose|new|slapped|tightened|announced|levied)\b/i }), n('embargo', 'SANCTION', '163', { mode: 'discontinue' }),
  // MOBILIZE
  v('mobilize', 'MOBILIZE', '150', { mode: 'troops' }), v('mobilise', 'MOBILIZE', '150', { mode: 'troops' }), v('deploy', 'MOBILIZE', '150', { mode: 'troops' }),
  v('mass', 'MOBILIZE', '150', { mode: 'troops', near: FORCE_WORDS }), v('reinforce', 'MOBILIZE', '150', { mode: 'troops' }), v('send in', 'MOBILIZE', '150', { mode: 'troops', near: FORCE_WORDS }),
  v('dispatch', 'MOBILIZE', '150', { mode: 'troops', near: FORCE_WORDS }), n('deployment', 'MOBILIZE', '150', { mode: 'troops' }), n('military exercises', 'MOBILIZE', '150', { mode: 'troops' }),
  v('put on alert', 'MOBILIZE', '151', { mode: 'troops' }),
  // COERCE
  v('arrest', 'COERCE', '173', { mode: 'arrest' }), v('detain', 'COERCE', '173', { mode: 'arrest' }), v('jail', 'COERCE', '173', { mode: 'arrest' }), v('imprison', 'COERCE', '173', { mode: 'arrest' }),
  v('seize', 'COERCE', '171', { mode: 'seize', near: /\b(property|assets|weapons|documents|land|vessel|ship|tanker|goods|cargo|drugs|farms|equipment)\b/i }), v('confiscate', 'COERCE', '171', { mode: 'seize' }), v('raid', 'COERCE', '171', { mode: 'seize' }),
  v('deport', 'COERCE', '174', { mode: 'deport' }), v('ban', 'COERCE', '172', { mode: 'restrict' }), v('outlaw', 'COERCE', '172', { mode: 'restrict' }), v('censor', 'COERCE', '172', { mode: 'censor' }),
  n('curfew', 'COERCE', '172', { mode: 'curfew', near: /\b(imposed|impose|declared|ordered|extended)\b/i }), n('martial law', 'COERCE', '172', { mode: 'martial-law' }), n('state of siege', 'COERCE', '172', { mode: 'martial-law' }), v('hack', 'COERCE', '172', { mode: 'cyber', near: /\b(into|computers?|networks?|servers?|accounts?|systems?|emails?)\b/i }), n('state of emergency', 'COERCE', '172', { mode: 'martial-law' }),
  v('crack down', 'COERCE', '175', { mode: 'restrict' }), n('crackdown', 'COERCE', '175', { mode: 'restrict' }), v('confine', 'COERCE', '172', { mode: 'restrict' }), v('restrict', 'COERCE', '172', { mode: 'restrict' }),
  v('besiege', 'COERCE', '191', { mode: 'restrict' }), n('siege', 'COERCE', '191', { mode: 'restrict', near: /\b(laid|imposed|under|tightened)\b/i }), n('arrest', 'COERCE', '173', { mode: 'arrest', near: /\b(under|made|ordered)\b/i }),
  // ASSAULT (older FIGHT folded in, as the PLOVER manual maps CAMEO 19)
  v('attack', 'ASSAULT', '190'), v('assault', 'ASSAULT', '180'), v('kill', 'ASSAULT', '1823'), v('shoot', 'ASSAULT', '190', { mode: 'firearms' }),
  v('shell', 'ASSAULT', '194', { mode: 'heavy-weapons' }), v('bomb', 'ASSAULT', '195', { mode: 'aerial' }), v('bombard', 'ASSAULT', '194', { mode: 'heavy-weapons' }),
  v('strike', 'ASSAULT', '190', { near: /\b(targets?|positions?|bases?|convoy|village|town|city|troops|forces|militants|rebels|airstrikes?|missiles?|drones?|rockets?|hideouts?|depots?)\b/i }),
  v('hit', 'ASSAULT', '190', { near: /\b(missiles?|rockets?|shells?|bombs?|airstrikes?|drones?|mortars?|artillery)\b/i }), v('fire', 'ASSAULT', '190', { near: WEAPON_TARGET }), v('open fire', 'ASSAULT', '190', { mode: 'firearms' }),
  v('ambush', 'ASSAULT', '190', { mode: 'firearms' }), v('storm', 'ASSAULT', '190'), v('invade', 'ASSAULT', '192'), v('occupy', 'ASSAULT', '192'), v('capture', 'ASSAULT', '192', { near: /\b(town|city|village|territory|area|region|base|airport|hill|district|province|positions?|capital|port)\b/i }),
  v('recapture', 'ASSAULT', '192'), v('retake', 'ASSAULT', '192'), v('liberate', 'ASSAULT', '192'), v('overrun', 'ASSAULT', '192'), v('clash', 'ASSAULT', '190'),
  v('fight', 'ASSAULT', '190', { near: /\b(forces|troops|rebels|militants|army|fighters|soldiers|against|battle|war)\b/i }), v('assassinate', 'ASSAULT', '186', { mode: 'targeted' }), v('execute', 'ASSAULT', '186', { mode: 'targeted' }),
  v('massacre', 'ASSAULT', '202', { mode: 'targeted' }), v('behead', 'ASSAULT', '186', { mode: 'targeted' }), v('kidnap', 'ASSAULT', '181', { mode: 'abduct' }), v('abduct', 'ASSAULT', '181', { mode: 'abduct' }),
  v('hijack', 'ASSAULT', '181', { mode: 'abduct' }), v('torture', 'ASSAULT', '1822', { mode: 'torture' }), v('beat', 'ASSAULT', '1821', { mode: 'beat', near: /\b(police|protesters|demonstrators|guards|soldiers|prisoners?|journalists?|death|batons|sticks)\b/i }),
  v('wound', 'ASSAULT', '190'), v('injure', 'ASSAULT', '190', { near: /\b(attack|blast|explosion|bomb|shelling|strike|gunmen|clashes|fire)\b/i }), v('target', 'ASSAULT', '190'), v('murder', 'ASSAULT', '1823', { mode: 'targeted' }),
  v('destroy', 'ASSAULT', '1711', { mode: 'destroy' }), v('torch', 'ASSAULT', '1711', { mode: 'destroy' }), v('blow up', 'ASSAULT', '183', { mode: 'explosives' }), v('gas', 'ASSAULT', '200', { mode: 'unconventional' }),
  v('retaliate', 'ASSAULT', '190'), v('burn', 'ASSAULT', '1711', { mode: 'destroy', near: /\b(houses|homes|villages?|buildings|churches|mosques|schools|shops|crops|vehicles)\b/i }), v('raze', 'ASSAULT', '1711', { mode: 'destroy' }),
  n('attack', 'ASSAULT', '190'), n('offensive', 'ASSAULT', '190'), n('assault', 'ASSAULT', '190'), n('airstrike', 'ASSAULT', '195', { mode: 'aerial' }), n('air strike', 'ASSAULT', '195', { mode: 'aerial' }),
  n('air raid', 'ASSAULT', '195', { mode: 'aerial' }), n('bombing campaign', 'ASSAULT', '195', { mode: 'aerial' }), n('bombing', 'ASSAULT', '183', { mode: 'explosives' }), n('shelling', 'ASSAULT', '194', { mode: 'heavy-weapons' }),
  n('mortar attack', 'ASSAULT', '194', { mode: 'heavy-weapons' }), n('rocket attack', 'ASSAULT', '194', { mode: 'heavy-weapons' }), n('drone strike', 'ASSAULT', '195', { mode: 'drone' }), n('suicide bombing', 'ASSAULT', '183', { mode: 'suicide-attack' }),
  n('car bomb', 'ASSAULT', '183', { mode: 'explosives' }), n('ambush', 'ASSAULT', '190', { mode: 'firearms' }), n('massacre', 'ASSAULT', '202', { mode: 'targeted' }), n('invasion', 'ASSAULT', '192'), n('clashes', 'ASSAULT', '190'),
  n('assassination', 'ASSAULT', '186', { mode: 'targeted' }), n('killing', 'ASSAULT', '1823'), n('recapture', 'ASSAULT', '192'), n('blitz', 'ASSAULT', '195', { mode: 'aerial' }), n('counter-offensive', 'ASSAULT', '190'),
  n('counter-response', 'ASSAULT', '190', { near: /\b(air ?force|bombing|strikes?|military|forces)\b/i }), n('strike', 'ASSAULT', '190', { near: /\b(pinpoint|missile|air|drone|precision|military|retaliatory)\b/i }),
];

/** Words in a trigger's sentence that set the ASSAULT mode when the trigger itself does not. */
export const MODE_CUES: [RegExp, string][] = [
  [/\b(drones?|uavs?|unmanned)\b/i, 'drone'],
  [/\b(air ?strikes?|air ?raids?|warplanes?|jets?|aircraft|helicopters?|bombers?|aerial|air ?force|sorties)\b/i, 'aerial'],
  [/\b(mortars?|artillery|shell(?:s|ing|ed)|rockets?|missiles?|tanks?|howitzers?)\b/i, 'heavy-weapons'],
  [/\b(suicide (?:bomber|attack|bombing)s?)\b/i, 'suicide-attack'],
  [/\b(car bombs?|ieds?|roadside bombs?|landmines?|mines|explosives?|grenades?|blasts?|explosions?)\b/i, 'explosives'],
  [/\b(gunmen|gunfire|shot|shooting|rifles?|snipers?|machine guns?|small arms)\b/i, 'firearms'],
  [/\b(machetes?|knives|knife|axes|stones|rocks|clubs|spears)\b/i, 'primitive'],
  [/\b(chemical|sarin|chlorine|nerve agent|biological|nuclear)\b/i, 'unconventional'],
  [/\b(tear gas|water cannons?|rubber bullets)\b/i, 'crowd-control'],
];

/** Cooperative types; an intent to do one of these is AGREE, an intent to do a conflictual one is THREATEN. */
export const COOPERATIVE = new Set<PloverType>(['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT']);
