/** `yikatong school …`: roster import (and what else school messaging offers on the command line). */
import type { Command } from 'commander';

export function registerSchoolCommands(program: Command): void {
  void program;
}
