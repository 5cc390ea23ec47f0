"""监票: the meeting's tally key, made by its scrutineers in a key ceremony.

The cryptography is `lianghui.ballots` (no Django); this app keeps the ceremony's public
messages, checks each one as it arrives, and publishes the joint public key. The trustees'
secrets stay in their browsers (static/lianghui/trustee.js); the server never sees them.
See docs/secret-ballots.md.
"""
