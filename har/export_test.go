package har

// HasQuery is hasQuery, for the tests of package har_test (query_test.go),
// which compare it with har/site, a package that imports this one.
var HasQuery = hasQuery
