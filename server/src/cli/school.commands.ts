/**
 * `yikatong school …`: roster import from the command line (the same preview and apply as the
 * console's 名册导入), and the template. Progress goes to stderr, so stdout stays the report.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { applyRosterImport } from '../flows/roster-import.flow';
import type { RosterImport } from '../modules/school';
import { audited, osUser } from './audit-cli';
import { CliExit, print, withContext } from './run';

const COUNTS = (c: { new: number; changed: number; unchanged: number; error: number }) => `新增 ${c.new}  变更 ${c.changed}  未变 ${c.unchanged}  错误 ${c.error}`;

/** A simple bar on stderr, redrawn in place on a terminal and printed at 10% steps otherwise. */
function progressBar(): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    const tty = process.stderr.isTTY;
    if (!tty && Math.floor(pct / 10) === Math.floor(last / 10) && pct !== 100) {return;}
    if (pct === last) {return;}
    last = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    const line = `应用中 [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}%  ${done}/${total}`;
    process.stderr.write(tty ? `\r${line}${pct === 100 ? '\n' : ''}` : `${line}\n`);
  };
}

export function registerSchoolCommands(program: Command): void {
  const school = program.command('school').description('校讯通：school import <文件> --school <学校编码>、school template --out <文件>');

  school
    .command('template')
    .description('生成名册导入模板（.xlsx：学生、教师、说明）')
    .requiredOption('--out <file>', '输出文件，如 名册模板.xlsx')
    .action(async (o: { out: string }) => {
      if (!/\.xlsx$/i.test(o.out)) {
        throw new CliExit(1, '--out 应为 .xlsx 文件');
      }
      await withContext(async (ctx) => {
        writeFileSync(o.out, await ctx.school.roster.template());
        print(`已生成模板 ${o.out}`);
      });
    });

  school
    .command('import <file>')
    .description('导入名册（.xlsx 或 CSV，UTF-8/GBK 均可）：先显示预览，不带 --dry-run 时应用无错误的行')
    .requiredOption('--school <code>', '学校编码，如 YG001')
    .option('--dry-run', '只预览，不应用')
    .option('--yes', '（兼容）不再询问，直接应用；命令行本就不询问')
    .option('--errors <n>', '最多列出多少条错误', '20')
    .action(async (file: string, o: { school: string; dryRun?: boolean; yes?: boolean; errors: string }) => {
      const maxErrors = Number(o.errors);
      if (!Number.isInteger(maxErrors) || maxErrors < 0 || maxErrors > 10_000) {
        throw new CliExit(1, '--errors 应为 0 到 10000 的整数');
      }
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        throw new CliExit(1, `读不到文件 ${file}`);
      }
      await withContext(async (ctx) => {
        const schoolId = await ctx.org.idByCode('school', o.school);
        if (schoolId === null) {
          throw new CliExit(1, `没有编码为 ${o.school} 的学校`);
        }
        const by = `cli:${osUser()}`;
        const p = await ctx.school.roster.preview({ schoolId, fileName: path.basename(file), bytes, by });
        print(`预览 ${p.id}  ${p.fileName}`);
        print(`学生：${COUNTS(p.summary.students)}`);
        if (p.summary.teachers.new + p.summary.teachers.changed + p.summary.teachers.unchanged + p.summary.teachers.error > 0) {
          print(`教师：${COUNTS(p.summary.teachers)}`);
        }
        if (p.summary.newClasses.length > 0) {print(`将新建班级：${p.summary.newClasses.join('、')}`);}
        if (p.summary.newPeople > 0) {print(`将新建家长/教师账号：${p.summary.newPeople} 个`);}
        const errs = await ctx.school.roster.lines({ schoolId, importId: p.id, status: 'error', limit: Math.max(maxErrors, 1) });
        if (errs.total > 0 && maxErrors > 0) {
          print(`错误（共 ${errs.total} 行${errs.total > maxErrors ? `，只列出前 ${maxErrors} 行` : ''}）：`);
          for (const l of errs.items.slice(0, maxErrors)) {
            print(`  第 ${l.rowNo} 行（${l.kind === 'student' ? '学生' : '教师'}）：${l.notes.join('；')}`);
          }
        }
        if (o.dryRun) {
          print('只预览（--dry-run），未做任何更改。');
          return;
        }
        const r: RosterImport = await audited(ctx, { action: 'roster.import', target: `school import ${p.id}`, details: (x: RosterImport) => ({ ...x.result }) }, () =>
          applyRosterImport(ctx, { schoolId, importId: p.id, by, onProgress: progressBar() }),
        );
        const x = r.result!;
        print(
          `已应用：新建班级 ${x.classesCreated}，新增学生 ${x.studentsCreated}，更新学生 ${x.studentsUpdated}，家长关系 ${x.guardianGrants}，任教 ${x.teacherGrants}，班主任 ${x.headTeachers}，新账号 ${x.peopleCreated}；未变 ${x.unchanged}，跳过错误行 ${x.skippedErrors}`,
        );
      });
    });
}
