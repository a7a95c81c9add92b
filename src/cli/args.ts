/** Command-line arguments of `ledger-check validate` (SPEC §6). */

export interface CliOptions {
  inputs: string[];
  asOf?: string;
  year?: number;
  profile?: string;
  json?: string;
  out?: string;
}

export const USAGE = `用法：ledger-check validate <文件或文件夹…> [--as-of YYYY-MM-DD] [--year YYYY] [--profile 配置.json] [--json 报告.json] [--out 目录]

  --as-of    校验日期（默认今天）
  --year     计划年度（默认取表格标题中的年份，否则取校验日期的年份）
  --profile  规则参数配置文件（JSON，覆盖默认阈值与日期）
  --json     把完整报告写入 JSON 文件
  --out      把每个工作簿的标记副本（含校验结果与汇总表）写入该目录；原文件不会被改动

退出码：0 无错误；1 发现错误；2 有文件无法读取`;

export class UsageError extends Error {}

export function parseArgs(argv: string[]): CliOptions {
  const [command, ...rest] = argv;
  if (command !== 'validate') throw new UsageError(command ? `未知命令“${command}”` : '缺少命令');
  const opts: CliOptions = { inputs: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} 需要一个值`);
      return v;
    };
    switch (flag) {
      case '--as-of': {
        const v = value();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new UsageError(`--as-of 应为 YYYY-MM-DD，收到“${v}”`);
        opts.asOf = v;
        break;
      }
      case '--year': {
        const v = value();
        if (!/^\d{4}$/.test(v)) throw new UsageError(`--year 应为四位年份，收到“${v}”`);
        opts.year = Number(v);
        break;
      }
      case '--profile':
        opts.profile = value();
        break;
      case '--json':
        opts.json = value();
        break;
      case '--out':
        opts.out = value();
        break;
      default:
        if (flag.startsWith('--')) throw new UsageError(`未知选项“${flag}”`);
        opts.inputs.push(a);
    }
  }
  if (opts.inputs.length === 0) throw new UsageError('请至少给出一个 .xlsx 文件或文件夹');
  return opts;
}
