"""Demo and bench data: the demo accounts and a bulk generator of claims in every state, with real letters.

Not part of the portal's use cases (it refuses to run in production); `flask --app app seed-demo` and the
benches use it. It writes rows in bulk for speed, so it follows the lifecycle table and the models' check
constraints rather than calling the one-claim-at-a-time services.
"""
