// Package des is a small discrete-event simulation kernel.
//
// A Sim holds a calendar of events ordered by time and, for equal times, by
// the order in which they were scheduled. Each event carries a Handler and an
// integer argument; firing an event calls the handler with that argument.
// Handlers are plain functions (usually method values built once), so a model
// is a set of callbacks or small state machines rather than one goroutine per
// simulated process. The calendar reuses its storage: once it has grown to the
// largest number of pending events, scheduling and firing allocate nothing.
//
// Resource models a server with a fixed capacity and a wait queue served
// lowest priority number first and first-in, first-out within a priority.
// Gate models a condition that holds everything waiting on it until it opens.
//
// A Sim is not safe for concurrent use. Run independent replications on
// independent Sims, one goroutine each.
package des
