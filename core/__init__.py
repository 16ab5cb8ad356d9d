"""The toolkit every app of ours builds on: form helpers and widgets, file checks, template filters and the
contract by which an app contributes to the rest of the product. It imports no app of ours."""
