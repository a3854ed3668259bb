# ruff: noqa
# source: https://pytroubles.com/ru/posts/id2658-gan-v-pytorch-ispravljaem-oshibku-backward-cherez-detach
# cause: the discriminator step feeds fake_batch, produced in the generator loop whose graph g_loss.backward() already freed, to netD without detach(), so d_loss.backward() walks into that freed generator graph.
# class: 1
# mistake: line 39, variable fake_batch
# fix: replace line 39 with: fake_scores = netD(fake_batch.detach()).view(-1)
# error: RuntimeError: Trying to backward through the graph a second time
# expect: runs clean
# cause-words: fake_batch, generator|netg|freed
# fix-words: detach

import torch
import torch.nn as nn

latent_dim = 16
dev = "cpu"
netG = nn.Sequential(nn.Linear(latent_dim, 64), nn.ReLU(), nn.Linear(64, 784), nn.Tanh())
netD = nn.Sequential(nn.Linear(784, 64), nn.LeakyReLU(0.2), nn.Linear(64, 1), nn.Sigmoid())
optG = torch.optim.Adam(netG.parameters(), lr=2e-4)
optD = torch.optim.Adam(netD.parameters(), lr=2e-4)
bce_loss = nn.BCELoss()
data_stream = [(torch.rand(16, 1, 28, 28), None) for _ in range(2)]
g_update_factor, d_update_factor = 2, 1

for epoch in range(1):
    for batch_id, (real_batch, _) in enumerate(data_stream):
        real_batch = real_batch.view(-1, 784).to(dev)
        bsz = real_batch.shape[0]
        for _ in range(g_update_factor):
            z = torch.randn(bsz, latent_dim).to(dev)
            fake_batch = netG(z)
            gen_scores = netD(fake_batch).view(-1)
            g_loss = bce_loss(gen_scores, torch.ones_like(gen_scores))
            g_loss.backward()
            optG.step()
            netG.zero_grad()
        for _ in range(d_update_factor):
            real_scores = netD(real_batch).view(-1)
            fake_scores = netD(fake_batch).view(-1)
            d_loss = bce_loss(real_scores, torch.ones_like(real_scores)) + \
                bce_loss(fake_scores, torch.zeros_like(fake_scores))
            d_loss.backward()
            optD.step()
            netD.zero_grad()
