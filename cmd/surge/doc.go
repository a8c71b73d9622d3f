// Surge simulates the deployment of a peacekeeping surge many times over and
// reports how long it takes, how likely it is to meet deployment targets such
// as the Brahimi Report's 90 days, and where the time goes.
//
// Usage:
//
//	surge run south-sudan-2014            # 1,000 replications, a readable report
//	surge run mine.toml --format json     # a scenario file, output for programs
//	surge scenarios                       # the scenarios built in
//	surge show tutorial > mine.toml       # a scenario to copy and edit
//	surge validate mine.toml              # check a scenario file
//
// Exit status: 0 on success, 2 on bad input or usage, 1 on anything else.
package main
