package main

// version is surge's version, stamped by make (-ldflags "-X main.version=...").
var version = "dev"
