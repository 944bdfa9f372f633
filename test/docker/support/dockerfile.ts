import { readDockerFile } from './docker-paths.js';

/** One instruction, continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** A build stage: its FROM and what follows it up to the next FROM. */
export interface Stage {
  /** The base image, with `ARG` defaults declared before the first FROM substituted. */
  base: string;
  name?: string;
  instructions: Instruction[];
}

/** Parses a Dockerfile into instructions (comments and parser directives dropped). */
export function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (pending === undefined && (line === '' || line.startsWith('#'))) return;
    if (pending !== undefined && line.startsWith('#')) return;
    const continued = line.endsWith('\\');
    const body = continued ? line.slice(0, -1).trim() : line;
    pending =
      pending === undefined
        ? { text: body, line: index + 1 }
        : { ...pending, text: `${pending.text} ${body}`.trim() };
    if (continued) return;
    const [keyword = '', ...rest] = pending.text.split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: pending.line });
    pending = undefined;
  });
  if (pending !== undefined)
    throw new Error(`line ${pending.line}: the file ends inside a continued instruction`);
  return instructions;
}

/** The Dockerfile's stages, in order. */
export function parseStages(text: string): Stage[] {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args
        .split(/\s+/)
        .filter((word) => !word.startsWith('--platform='));
      const base = image.replace(/\$\{?(\w+)\}?/g, (_, arg: string) => globalArgs.get(arg) ?? `\${${arg}}`);
      stages.push({ base, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [name = '', value = ''] = instruction.args.split('=');
        globalArgs.set(name, value);
      }
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

/** docker/Dockerfile, parsed. */
export const loadDockerfile = (): Stage[] => parseStages(readDockerFile('Dockerfile'));

/** A COPY's flags (`--from=build`) and its sources and destination. */
export interface Copy {
  from?: string;
  sources: string[];
  destination: string;
}

export function parseCopy(instruction: Instruction): Copy {
  const words = instruction.args.split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  if (paths.length < 2) throw new Error(`line ${instruction.line}: COPY needs a source and a destination`);
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), destination: paths.at(-1)! };
}
