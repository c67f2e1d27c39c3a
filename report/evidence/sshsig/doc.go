// Package sshsig signs and verifies files in OpenSSH's SSHSIG format, the
// format of ssh-keygen -Y sign and -Y verify, so that a signature made
// here is checked by stock OpenSSH and the other way round. The format is
// published as PROTOCOL.sshsig in the OpenSSH sources; allowed-signers
// files are described under "ALLOWED SIGNERS" in ssh-keygen(1).
//
// A signature is a blob of SSH wire strings,
//
//	"SSHSIG" uint32(1) string(public key) string(namespace)
//	string(reserved) string(hash algorithm) string(signature)
//
// where the signature is the key's own (ssh-ed25519, ecdsa-sha2-nistp256,
// rsa-sha2-512, ...) over
//
//	"SSHSIG" string(namespace) string(reserved) string(hash algorithm)
//	string(H(message))
//
// and a .sig file holds the blob in base64 between "-----BEGIN SSH
// SIGNATURE-----" and "-----END SSH SIGNATURE-----". The namespace says
// what the signature is for ("file", "git", "haruspex-evidence"), so that
// a signature made for one use is never accepted for another.
//
// A signature proves that the holder of the private key signed these
// bytes. Whose key it is, is for the verifier to say, in an
// allowed-signers file of principals and keys:
//
//	jane.doe@example.org namespaces="haruspex-evidence" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI...
//
// # Worked example
//
// Signing, with a key from a file or an agent (any [ssh.Signer]):
//
//	sig, err := sshsig.Sign(rand.Reader, signer, "haruspex-evidence", bytes.NewReader(manifest))
//	os.WriteFile("manifest.json.sig", sig.MarshalArmored(), 0o644)
//
// and checking, as ssh-keygen -Y verify -f allowed_signers -I jane.doe@example.org
// -n haruspex-evidence -s manifest.json.sig does:
//
//	sig, err := sshsig.ParseArmored(sigFile)           // form
//	err = sshsig.Verify(sig, "haruspex-evidence", msg) // the key signed these bytes
//	who, err := allowed.Find(sig.PublicKey, "haruspex-evidence", time.Now()) // and may sign
//
// Signing hashes with SHA-512 and signs RSA keys with rsa-sha2-512, as
// ssh-keygen does; verifying accepts SHA-256 too, and refuses SHA-1 RSA
// signatures (ssh-rsa), as ssh-keygen does. Certificates (signing with
// one, or cert-authority lines vouching for them) are not supported.
package sshsig
