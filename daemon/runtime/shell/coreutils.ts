/**
 * The programs every image with a shell gets, by binary name: the shell itself (`sh`, `ash`,
 * `bash` — all busybox ash here, see sh.ts), the coreutils the labs use, and the optional network
 * tools (`curl`, `wget`, `git`) that the image catalog gives only to images that have them. The
 * image catalog (images/image.ts) installs each under the image's binary directories.
 */
import type { Program, ProgramTable } from '../process.js';
import { curlProgram } from './builtins/curl.js';
import { echoProgram, printfProgram } from './builtins/echo.js';
import { catProgram, cpProgram, mkdirProgram, mvProgram, rmProgram, touchProgram } from './builtins/files.js';
import { basenameProgram, cutProgram, dirnameProgram, seqProgram, sortProgram, teeProgram, trProgram, uniqProgram } from './builtins/filters.js';
import { getentProgram } from './builtins/getent.js';
import { gitProgram } from './builtins/git.js';
import { killProgram } from './builtins/kill.js';
import { lsProgram } from './builtins/ls.js';
import { nslookupProgram } from './builtins/nslookup.js';
import { pingProgram } from './builtins/ping.js';
import { psProgram } from './builtins/ps.js';
import {
  dateProgram,
  envProgram,
  exitProgram,
  falseProgram,
  hostnameProgram,
  idProgram,
  printenvProgram,
  pwdProgram,
  sleepProgram,
  trueProgram,
  unameProgram,
  whoamiProgram,
} from './builtins/system.js';
import { testProgram } from './builtins/test.js';
import { tarProgram } from './builtins/tar.js';
import { sttyProgram, ttyProgram } from './builtins/tty.js';
import { grepProgram, headProgram, tailProgram, wcProgram } from './builtins/text.js';
import { wgetProgram } from './builtins/wget.js';
import { whichProgram } from './builtins/which.js';
import { shProgram } from './sh.js';

export const coreutilsPrograms: ProgramTable = new Map<string, Program>([
  ['sh', shProgram],
  ['ash', shProgram],
  ['bash', shProgram],
  ['echo', echoProgram],
  ['printf', printfProgram],
  ['cat', catProgram],
  ['ls', lsProgram],
  ['touch', touchProgram],
  ['test', testProgram],
  ['[', testProgram],
  ['printenv', printenvProgram],
  ['env', envProgram],
  ['sleep', sleepProgram],
  ['mkdir', mkdirProgram],
  ['rm', rmProgram],
  ['cp', cpProgram],
  ['mv', mvProgram],
  ['true', trueProgram],
  ['false', falseProgram],
  ['exit', exitProgram],
  ['hostname', hostnameProgram],
  ['pwd', pwdProgram],
  ['head', headProgram],
  ['tail', tailProgram],
  ['wc', wcProgram],
  ['grep', grepProgram],
  ['sort', sortProgram],
  ['uniq', uniqProgram],
  ['cut', cutProgram],
  ['tr', trProgram],
  ['seq', seqProgram],
  ['tee', teeProgram],
  ['basename', basenameProgram],
  ['dirname', dirnameProgram],
  ['date', dateProgram],
  ['ps', psProgram],
  ['id', idProgram],
  ['whoami', whoamiProgram],
  ['uname', unameProgram],
  ['tty', ttyProgram],
  ['tar', tarProgram],
  ['stty', sttyProgram],
  ['curl', curlProgram],
  ['wget', wgetProgram],
  ['git', gitProgram],
  ['nslookup', nslookupProgram],
  ['ping', pingProgram],
  ['kill', killProgram],
  ['getent', getentProgram],
  ['which', whichProgram],
]);
