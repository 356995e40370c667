/** The SemEval-2020 Task 11 technique inventory, in the order the model stores its classes. */
export const TECHNIQUES = [
  'Loaded_Language',
  'Name_Calling,Labeling',
  'Repetition',
  'Doubt',
  'Exaggeration,Minimisation',
  'Appeal_to_fear-prejudice',
  'Flag-Waving',
  'Causal_Oversimplification',
  'Appeal_to_Authority',
  'Slogans',
  'Black-and-White_Fallacy',
  'Thought-terminating_Cliches',
  'Whataboutism,Straw_Men,Red_Herring',
  'Bandwagon,Reductio_ad_hitlerum',
] as const;

export type Technique = (typeof TECHNIQUES)[number];

export function isTechnique(name: string): name is Technique {
  return (TECHNIQUES as readonly string[]).includes(name);
}

/**
 * One plain sentence per technique. `cue` is the word or phrase that weighed most for the decision, so the reader
 * sees the evidence, not just the label.
 */
export function techniqueReason(technique: string, cue: string, span: string, repeats: number): string {
  const q = `'${cue || truncate(span, 50)}'`;
  switch (technique) {
    case 'Loaded_Language':
      return cue && !/\s/.test(cue)
        ? `${q} is an emotionally loaded word, chosen to stir feelings rather than to inform.`
        : `${q} uses emotionally loaded wording, chosen to stir feelings rather than to inform.`;
    case 'Name_Calling,Labeling':
      return `Labels a person or group with a derogatory or loaded name (${q}) instead of describing them.`;
    case 'Repetition':
      return repeats > 1
        ? `Repeats a phrase that occurs ${repeats} times in the text, hammering the message home.`
        : `Repeats a word or idea used elsewhere in the text (${q}) to hammer the message home.`;
    case 'Doubt':
      return `Casts doubt on someone's credibility or motives (${q}) without showing evidence.`;
    case 'Exaggeration,Minimisation':
      return `Overstates or plays down the facts (${q}), making things seem bigger or smaller than shown.`;
    case 'Appeal_to_fear-prejudice':
      return `Plays on fear or prejudice (${q}) to win support for a position.`;
    case 'Flag-Waving':
      return `Appeals to national or group pride (${q}) to justify a position.`;
    case 'Causal_Oversimplification':
      return `Gives one simple cause (${q}) for an issue that has many.`;
    case 'Appeal_to_Authority':
      return `Treats an authority's statement (${q}) as proof on its own.`;
    case 'Slogans':
      return `A short, catchy slogan ("${truncate(span, 60)}") that stands in for an argument.`;
    case 'Black-and-White_Fallacy':
      return `Presents only two options (${q}) when more exist.`;
    case 'Thought-terminating_Cliches':
      return `A stock phrase ("${truncate(span, 60)}") that discourages further thought.`;
    case 'Whataboutism,Straw_Men,Red_Herring':
      return `Deflects or distorts the opposing view (${q}) instead of answering it.`;
    case 'Bandwagon,Reductio_ad_hitlerum':
      return `Argues from what everyone does or links the other side to a hated group (${q}).`;
    default:
      return `Persuasion technique ${technique} (${q}).`;
  }
}

function truncate(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= n ? one : one.slice(0, n - 1) + '…';
}
