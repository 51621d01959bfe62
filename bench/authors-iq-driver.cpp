// Bench peer for I(Q): calls the authors' own calc_Iq (paper 000, code/calc_Iq.cpp) unmodified.
// Their file is not in this repository: bench/authors-iq.ts compiles this driver with
// -I <their code folder> -Dmain=authors_main, so the #include below pulls in their source as is.
//
// stdin (binary, little-endian): int32 n, nq, n_theta, n_phi; then nq doubles q; then n x (x, y, z, diam).
// stdout: "seconds <t>" (calc_Iq alone, steady clock), then one I(Q) value per line (%.17g).
#include "calc_Iq.cpp"
#undef main // their main() is authors_main; this file's is the real one

#include <cstdint>
#include <cstdio>

int main()
{
    std::int32_t header[4];
    if (std::fread(header, sizeof(std::int32_t), 4, stdin) != 4)
        return 2;
    const int n = header[0], nq = header[1], n_theta = header[2], n_phi = header[3];
    std::vector<double> q(nq);
    if (std::fread(q.data(), sizeof(double), nq, stdin) != static_cast<size_t>(nq))
        return 2;
    std::vector<Atom> atoms(n);
    for (int i = 0; i < n; ++i)
    {
        double v[4];
        if (std::fread(v, sizeof(double), 4, stdin) != 4)
            return 2;
        atoms[i] = {v[0], v[1], v[2], v[3]};
    }
    const auto start = std::chrono::steady_clock::now();
    const std::vector<double> iq = calc_Iq(atoms, q, n_theta, n_phi);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    std::printf("seconds %.9g\n", elapsed.count());
    for (double v : iq)
        std::printf("%.17g\n", v);
    return 0;
}
