// Copyright 2021 FerretDB Inc.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

// Package resource replaces FerretDB v1.24.2's internal/util/resource at build time (see
// scripts/build-ferretdb.sh). The original is a leak detector that stays on in release builds:
// every iterator, row set, transaction and cursor FerretDB makes is added to a pprof profile
// (a stack walk each time) and given a finalizer that panics, stopping the database, if the
// object is collected without having been closed. Measured on the bot's turn mix, that
// bookkeeping was about a tenth of FerretDB's CPU. Here Track and Untrack keep their signatures
// and do nothing: objects are closed by FerretDB as before, only no longer watched.
package resource

// Token should be a field of a tracked object.
type Token byte

// NewToken returns a new Token.
func NewToken() *Token {
	return new(Token)
}

// Track did record obj until Untrack; it does nothing in this build.
func Track(obj any, token *Token) {}

// Untrack did stop tracking obj; it does nothing in this build.
func Untrack(obj any, token *Token) {}
