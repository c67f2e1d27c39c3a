package sshsig_test

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"os"
	"time"

	"github.com/haruspex/haruspex/report/evidence/sshsig"
	"golang.org/x/crypto/ssh"
)

// Sign a file with an SSH key and check it against an allowed-signers
// file, as ssh-keygen -Y sign and -Y verify do. The key, file and
// allowed signers are in testdata (see testdata/README).
func Example() {
	pem, _ := os.ReadFile("testdata/ed25519")
	signer, err := ssh.ParsePrivateKey(pem)
	if err != nil {
		panic(err)
	}
	message, _ := os.ReadFile("testdata/message")

	sig, err := sshsig.Sign(rand.Reader, signer, "haruspex-evidence", bytes.NewReader(message))
	if err != nil {
		panic(err)
	}
	armoured := sig.MarshalArmored() // what ssh-keygen -Y sign writes to message.sig
	fmt.Printf("%s", armoured[:30])

	// The other side: the signature's form, the bytes, then the signer.
	got, err := sshsig.ParseArmored(armoured)
	if err != nil {
		panic(err)
	}
	if err := sshsig.Verify(got, "haruspex-evidence", bytes.NewReader(message)); err != nil {
		panic(err)
	}
	f, _ := os.Open("testdata/allowed_signers")
	defer f.Close()
	allowed, err := sshsig.ParseAllowedSigners(f, "allowed_signers", time.Local)
	if err != nil {
		panic(err)
	}
	who, err := allowed.Find(got.PublicKey, "haruspex-evidence", time.Now())
	if err != nil {
		panic(err)
	}
	fmt.Printf("Good %q signature for %s with %s key %s (allowed_signers line %d)\n",
		got.Namespace, who.Principals[0], got.PublicKey.Type(), ssh.FingerprintSHA256(got.PublicKey), who.Line)

	// One changed byte and the signature no longer holds.
	message[0] = '['
	fmt.Println(sshsig.Verify(got, "haruspex-evidence", bytes.NewReader(message)))
	// Output:
	// -----BEGIN SSH SIGNATURE-----
	// Good "haruspex-evidence" signature for examiner-ed25519@example.org with ssh-ed25519 key SHA256:lfIKoNbEg3qNdNCwz+6E6UPIj7n1jvJ0AhIzxYuOtwI (allowed_signers line 1)
	// sshsig: signature does not verify: these bytes are not what ssh-ed25519 key SHA256:lfIKoNbEg3qNdNCwz+6E6UPIj7n1jvJ0AhIzxYuOtwI signed, or the signature was altered
}
