import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { usageError } from '../../core/errors';
import { openDb } from '../../store/db';
import { recipeForFigure, recipesForThread, renderRecipe, renderThreadRecipes, type RecipeFormat } from '../../api/recipes';
import { collectSet } from './run';

// benchmail recipe FIGURE_ID [--format md|sh|json] | --thread ID: how to re-run a figure today.
export function register(program: Command): void {
  program.command('recipe')
    .description('the recipe to re-run a figure (or every figure of a thread) on this machine')
    .argument('[figure-id]', 'figure id (from `benchmail measurements`)')
    .option('--thread <id>', 'every figure of the thread whose root is this Message-ID')
    .option('--format <fmt>', 'md, sh or json', 'md')
    .option('--set <name=value>', 'override a parameter (checked like values from mail)', collectSet, {})
    .option('--db <path>', 'database file')
    .action((id: string | undefined, o: { thread?: string; format: string; set: Record<string, string>; db?: string }) => {
      if (!['md', 'sh', 'json'].includes(o.format)) throw usageError(`--format takes md, sh or json, not "${o.format}"`);
      if (!id && !o.thread) throw usageError('name a figure id, or a thread with --thread ID');
      const db = openDb(resolveDbPath(o.db), { readonly: true });
      try {
        const fmt = o.format as RecipeFormat;
        if (o.thread) process.stdout.write(renderThreadRecipes(recipesForThread(db, o.thread, { overrides: o.set }), fmt));
        else {
          const n = Number(id);
          if (!Number.isInteger(n) || n < 1) throw usageError(`a figure id is a whole number, not "${id}"`);
          process.stdout.write(renderRecipe(recipeForFigure(db, n, { overrides: o.set }), fmt, db));
        }
      } finally { db.close(); }
    });
}
