export interface Block {
  vendor: string;
  /** The 1-based line of the block's first line of code. */
  line: number;
  code: string;
}

/** The ```ts blocks of a markdown text, with the line each starts on. */
export function tsBlocks(markdown: string, vendor: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```ts") continue;
    const start = i + 1;
    while (++i < lines.length && lines[i] !== "```");
    blocks.push({ vendor, line: start + 1, code: lines.slice(start, i).join("\n") });
  }
  return blocks;
}
