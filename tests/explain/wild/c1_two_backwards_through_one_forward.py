# ruff: noqa
# source: https://github.com/naver-ai/StyleMapGAN/issues/16
# cause: adv_loss and w_rec_loss come from the same forward pass, and g_loss.backward() frees that graph before w_rec_loss.backward() needs it; the asker's working change runs backward once on the combined loss.
# class: 1
# mistake: line 43, variable w_rec_loss
# fix: replace line 42 with: (g_loss + w_rec_loss * lambda_w_rec_loss).backward()
# fix: delete line 43
# error: RuntimeError: Trying to backward through the graph a second time
# expect: runs clean; model.encoder.weight.grad is not None
# cause-words: w_rec_loss|g_loss, same|freed|first backward
# fix-words: combined|sum|one backward|g_loss +|retain_graph

import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Linear(8, 4)
        self.generator = nn.Linear(4, 8)
        self.discriminator = nn.Linear(8, 1)

    def forward(self, real_img, mode):
        stylecode = self.encoder(real_img)
        fake_img = self.generator(stylecode)
        adv_loss = nn.functional.softplus(-self.discriminator(fake_img)).mean()
        w_rec_loss = (self.encoder(fake_img) - stylecode).pow(2).mean()
        return adv_loss, w_rec_loss, stylecode


model = Model()
g_optim = torch.optim.Adam(list(model.generator.parameters()) + list(model.encoder.parameters()), lr=2e-3)
lambda_adv_loss, lambda_w_rec_loss = 1.0, 1.0
for i in range(2):
    real_img = torch.randn(4, 8)
    adv_loss, w_rec_loss, stylecode = model(real_img, "G")
    adv_loss = adv_loss.mean()
    w_rec_loss = w_rec_loss.mean()
    g_loss = adv_loss * lambda_adv_loss
    g_optim.zero_grad()
    g_loss.backward()
    (w_rec_loss * lambda_w_rec_loss).backward()
    g_optim.step()
