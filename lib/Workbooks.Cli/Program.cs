using System.CommandLine;
using Workbooks.Cli;

// `workbooks <verb> ...`: every verb lives in its own file under Verbs/ and is found here by type,
// so adding a verb never touches this file.
return CliApp.Run(args, Console.Out, Console.Error);
